package org.deblurgateway.gateway.console;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.deblurgateway.gateway.trail.ConsoleConfig;
import org.deblurgateway.gateway.trail.ConsoleLogin;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start when the management port (console, admin endpoints) is reachable from other machines and no user
 * can log in: that would leave the console open to nobody and tempt a site into turning security off.
 */
@ApplicationScoped
public class ConsoleAccessGuard {

    static final String USERS_PREFIX = "quarkus.security.users.embedded.users.";
    private static final String USERS_ENV_PREFIX = "QUARKUS_SECURITY_USERS_EMBEDDED_USERS_";

    private final String httpHost;
    private final Config config;
    private final boolean openIdConnect;

    public ConsoleAccessGuard(
            @ConfigProperty(name = "quarkus.http.host") String httpHost, Config config, ConsoleConfig console) {
        this.httpHost = httpHost;
        this.config = config;
        this.openIdConnect = console.login() == ConsoleLogin.CODE;
    }

    void check(@Observes StartupEvent start) {
        // With OpenID Connect the provider has the users; the guard is about a console nobody can log in to.
        check(httpHost, openIdConnect || hasUsers(config, System.getenv()));
    }

    /** @throws IllegalStateException when {@code host} is not a loopback address and there is no user */
    static void check(String host, boolean hasUsers) {
        if (!hasUsers && !isLoopback(host)) {
            throw new IllegalStateException("DGW-CON-010 quarkus.http.host=" + host + " exposes the console and the "
                    + "admin endpoints beyond this machine, but no console user is configured: add one "
                    + "(quarkus.security.users.embedded.users.<name>=<hash> and ...roles.<name>=admin or viewer, "
                    + "see README \"Console\") or keep quarkus.http.host=127.0.0.1");
        }
    }

    static boolean hasUsers(Config config, Map<String, String> environment) {
        boolean inConfig = StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .anyMatch(name -> name.startsWith(USERS_PREFIX));
        return inConfig || environment.keySet().stream().anyMatch(name -> name.startsWith(USERS_ENV_PREFIX));
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
