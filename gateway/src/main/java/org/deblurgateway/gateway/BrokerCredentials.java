package org.deblurgateway.gateway;

/**
 * A login on the Artemis broker.
 *
 * @param user     user name
 * @param password its password; never logged ({@link #toString()} leaves it out)
 */
public record BrokerCredentials(String user, String password) {

    public BrokerCredentials {
        if (user == null || user.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a broker login needs a user name and a password");
        }
    }

    @Override
    public String toString() {
        return "BrokerCredentials[user=" + user + ", password=***]";
    }
}
