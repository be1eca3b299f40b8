package org.deblurgateway.gateway;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * Which Artemis broker the gateway uses ({@code gateway.broker.*}): the embedded one by default, or an external
 * one when {@link #url()} is set. {@code quarkus.artemis.url} follows these two keys (application.properties).
 */
@ConfigMapping(prefix = "gateway.broker")
public interface BrokerConfig {

    /** URL of an external broker, e.g. tcp://127.0.0.1:61617; when set the embedded broker is not started. */
    Optional<String> url();

    /** Port of the embedded broker's acceptor on 127.0.0.1 (other worker processes can join it there). */
    int embeddedPort();

    /** Size an address may use in memory before the embedded broker pages its messages to disk, in bytes. */
    long embeddedPageAboveBytes();
}
