package org.deblurgateway.gateway.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.deblurgateway.testsupport.ChildProcess;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.Waits;

/**
 * A standalone Artemis broker run by {@code tools/artemis-standalone DIR PORT} (foreground, 127.0.0.1:PORT). It can be
 * killed with SIGKILL and started again on the same port and journal.
 */
public final class StandaloneBroker implements AutoCloseable {

    /** The first start may download the broker distribution from Maven Central and create the instance. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private final Path dir;
    private final int port = FreePorts.next();
    private final String name;
    private ChildProcess process;
    private int starts;

    public StandaloneBroker(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    /** The launcher script, or a clear failure when it is missing from the checkout. */
    public static Path script() {
        Path script = ItDirs.repoRoot().resolve("tools/artemis-standalone");
        if (!Files.isExecutable(script)) {
            throw new AssertionError("tools/artemis-standalone missing or not executable at " + script);
        }
        return script;
    }

    /** Starts the broker and waits until its acceptor listens. */
    public StandaloneBroker start() {
        starts++;
        Path log = ItDirs.logs().resolve(name + "-artemis-" + starts + ".log");
        process = ChildProcess.start(
                "artemis " + name,
                List.of(script().toString(), dir.toString(), Integer.toString(port)),
                Map.of(),
                ItDirs.repoRoot(),
                log);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!FreePorts.isListening(port)) {
            if (!process.isAlive()) {
                throw new AssertionError("standalone broker exited at start; log " + log + ":\n" + process.tail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("standalone broker not listening on " + port + " after " + START_TIMEOUT
                        + "; log:\n" + process.tail());
            }
            Waits.sleep(200);
        }
        return this;
    }

    /**
     * SIGKILL the broker JVM. The script may run the broker as a child (bin/artemis run): every descendant is
     * killed, the script itself last.
     */
    public void kill9() {
        process.kill9();
        Instant deadline = Instant.now().plusSeconds(20);
        while (FreePorts.isListening(port)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("broker port " + port + " still open 20 s after SIGKILL");
            }
            Waits.sleep(100);
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The login file the script wrote on creating the instance (the broker refuses anonymous connections). */
    public Path credentialsFile() {
        return dir.resolve("credentials.properties");
    }

    /** What a gateway or worker process needs to use this broker: its URL and its login file. */
    public Map<String, String> clientEnv() {
        return Map.of(
                "GATEWAY_BROKER_URL",
                url(),
                "GATEWAY_BROKER_CREDENTIALS_FILE",
                credentialsFile().toString());
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
