package org.deblurgateway.gateway;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Which Artemis broker the gateway uses ({@code gateway.broker.*}) and how it logs in: the embedded one by default
 * (login from its credentials file), or an external one when {@link #url()} is set ({@link BrokerAccess}).
 */
@ConfigMapping(prefix = "gateway.broker")
public interface BrokerConfig {

    /** Name of the embedded broker's credentials file in {@code <data-dir>/broker/}. */
    String CREDENTIALS_FILE_NAME = "credentials.properties";

    /** URL of an external broker, e.g. tcp://127.0.0.1:61617; when set the embedded broker is not started. */
    Optional<String> url();

    /** Port of the embedded broker's acceptor on 127.0.0.1 (other worker processes can join it there). */
    int embeddedPort();

    /**
     * How long the embedded broker's journal gathers writes before one sync (Artemis journal-buffer-timeout): every
     * C-STORE waits for its ingest commit's sync, so this is added to each object on a lone association; concurrent
     * associations' commits within it share one sync.
     */
    Duration embeddedJournalBufferTimeout();

    /** Size an address may use in memory before the embedded broker pages its messages to disk, in bytes. */
    long embeddedPageAboveBytes();

    /** User to log in to the broker with (an external broker's); needs {@link #password()}. */
    Optional<String> user();

    /** Password of {@link #user()}. */
    Optional<String> password();

    /**
     * The embedded broker's credentials file (user=, password=; owner-only): created by the gateway on first start,
     * read by a worker process that joins its broker. Absent: {@code <data-dir>/broker/credentials.properties}.
     */
    Optional<Path> credentialsFile();
}
