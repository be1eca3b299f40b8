package org.deblurgateway.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;

/**
 * The embedded broker's security manager: one login (the gateway's and its workers'), allowed everything; any
 * other login, and no login at all, is refused.
 */
final class BrokerLogin implements ActiveMQSecurityManager {

    private final String user;
    private final byte[] password;

    BrokerLogin(BrokerCredentials credentials) {
        this.user = credentials.user();
        this.password = credentials.password().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean validateUser(String user, String password) {
        // Constant-time comparison of the password: nothing to learn from how fast a wrong one is refused.
        return user != null
                && password != null
                && this.user.equals(user)
                && MessageDigest.isEqual(this.password, password.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return validateUser(user, password);
    }
}
