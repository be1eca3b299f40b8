package org.deblurgateway.gateway;

import io.quarkus.runtime.configuration.MemorySize;
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

    /**
     * Free space the embedded broker keeps on its journal's disk (e.g. 512M): below it the ingest address refuses new
     * messages at once (a C-STORE then gets 0xA700) and every other address blocks its producers until space is back.
     */
    MemorySize embeddedMinDiskFree();

    /** How often the embedded broker reads its disk's free space (the floor above takes effect within this). */
    Duration embeddedDiskScanPeriod();

    /**
     * Memory all addresses of the embedded broker may use together before their messages page to disk. Absent: a
     * quarter of this JVM's maximum heap (512M with bin/gateway's default 2g), so a small heap pages early.
     */
    Optional<MemorySize> embeddedGlobalMaxSize();

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
