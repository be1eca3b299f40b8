package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker (a real Artemis on its TCP acceptor, as another local user would reach it) refuses anonymous
 * and wrong logins; the gateway's own login lives in an owner-only file it generated on first start.
 */
@QuarkusTest
@TestProfile(IngestTestProfile.class)
class BrokerSecurityTest {

    @Inject
    ConnectionFactory connectionFactory;

    @ConfigProperty(name = "gateway.broker.embedded-port")
    int brokerPort;

    @ConfigProperty(name = "gateway.data-dir")
    Path dataDir;

    private String url() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    private Path credentialsFile() {
        return dataDir.resolve("broker").resolve("credentials.properties");
    }

    @Test
    void connect_anonymous_refused() {
        try (ActiveMQConnectionFactory anonymous = new ActiveMQConnectionFactory(url())) {
            assertThrows(
                    JMSSecurityException.class,
                    () -> anonymous.createConnection().close());
        }
    }

    @Test
    void connect_wrongPassword_refused() throws Exception {
        BrokerCredentials login = BrokerCredentialsFile.read(credentialsFile());
        try (ActiveMQConnectionFactory wrong =
                new ActiveMQConnectionFactory(url(), login.user(), login.password() + "x")) {
            assertThrows(
                    JMSSecurityException.class, () -> wrong.createConnection().close());
        }
        try (ActiveMQConnectionFactory otherUser = new ActiveMQConnectionFactory(url(), "admin", login.password())) {
            assertThrows(
                    JMSSecurityException.class,
                    () -> otherUser.createConnection().close());
        }
    }

    @Test
    void connect_loginFromCredentialsFile_acceptedAndMaySend() throws Exception {
        BrokerCredentials login = BrokerCredentialsFile.read(credentialsFile());
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url(), login.user(), login.password());
                Connection connection = factory.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            session.createProducer(session.createQueue("test.broker-security")).send(session.createTextMessage("x"));
            session.rollback();
        }
        // The gateway's own factory (routes, ingest, health) logs in the same way.
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
        }
    }

    @Test
    void credentialsFile_ownerOnlyWithGeneratedPassword() throws Exception {
        Path file = credentialsFile();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        BrokerCredentials login = BrokerCredentialsFile.read(file);
        assertEquals(BrokerCredentialsFile.GENERATED_USER, login.user());
        assertTrue(login.password().length() >= 40, "32 random bytes, base64");
        assertNotEquals(
                login.password(),
                BrokerCredentialsFile.readOrCreate(
                                Files.createTempDirectory("other-gateway").resolve("broker/credentials.properties"))
                        .password());
    }
}
