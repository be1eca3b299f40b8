package org.deblurgateway.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSSecurityException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/** Ready while a JMS connection to the broker (embedded or external) can be opened. */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(BrokerReadiness.class);

    private final ConnectionFactory connectionFactory;
    private final BrokerConfig config;

    public BrokerReadiness(ConnectionFactory connectionFactory, BrokerConfig config) {
        this.connectionFactory = connectionFactory;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        String broker = config.url().orElse("embedded tcp://127.0.0.1:" + config.embeddedPort());
        try (Connection ignored = connectionFactory.createConnection()) {
            return HealthCheckResponse.named("broker")
                    .up()
                    .withData("broker", broker)
                    .build();
        } catch (JMSSecurityException e) {
            // Reachable, but this process's login was refused: say where the login comes from.
            String error = "GW-BROKER-LOGIN login refused: " + e.getMessage() + " (the embedded broker's login is in"
                    + " <data-dir>/broker/credentials.properties: GATEWAY_BROKER_CREDENTIALS_FILE, or GATEWAY_BROKER_USER"
                    + " and GATEWAY_BROKER_PASSWORD)";
            LOG.warnf("%s: %s", broker, error);
            return HealthCheckResponse.named("broker")
                    .down()
                    .withData("broker", broker)
                    .withData("error", error)
                    .build();
        } catch (Exception e) {
            LOG.warnf("GW-BROKER-DOWN broker %s unreachable: %s", broker, e.getMessage());
            return HealthCheckResponse.named("broker")
                    .down()
                    .withData("broker", broker)
                    .withData("error", "GW-BROKER-DOWN " + e.getMessage())
                    .build();
        }
    }
}
