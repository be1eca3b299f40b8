package org.deblurgateway.gateway.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deblurgateway.testsupport.ChildProcess;
import org.deblurgateway.testsupport.Echoscu;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.HttpProbe;
import org.deblurgateway.testsupport.Waits;
import org.jboss.logging.Logger;

/**
 * The packaged gateway ({@code quarkus-run.jar}, system property {@code gateway.app.jar}) as a separate JVM, configured
 * only through its public environment variables. Ports are chosen free once and kept, so a restart after
 * {@link #kill9()} comes back on the same ports and data folder.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GatewayProcess.class);
    public static final String AE_TITLE = "DEBLUR";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Path dataDir;
    private final int dicomPort = FreePorts.next();
    private final int httpPort = FreePorts.next();
    private final int embeddedBrokerPort = FreePorts.next();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Path> logs = new ArrayList<>();
    private String heap = "768m";
    private ChildProcess process;
    private int starts;

    /**
     * @param name     used in log file names
     * @param dataDir  GATEWAY_DATA_DIR (spool and embedded broker journal)
     * @param rules    GATEWAY_RULES_FILE
     * @param extraEnv further variables (allowed calling AEs, broker URL, forward retry settings)
     */
    public GatewayProcess(String name, Path dataDir, Path rules, Map<String, String> extraEnv) {
        this.name = name;
        this.dataDir = dataDir;
        env.put("GATEWAY_DICOM_PORT", Integer.toString(dicomPort));
        env.put("GATEWAY_DICOM_AE_TITLE", AE_TITLE);
        env.put("GATEWAY_DICOM_BIND_ADDRESS", "127.0.0.1");
        env.put("GATEWAY_DATA_DIR", dataDir.toString());
        env.put("GATEWAY_RULES_FILE", rules.toString());
        env.put("GATEWAY_BROKER_EMBEDDED_PORT", Integer.toString(embeddedBrokerPort));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("GATEWAY_DEBLUR_WEIGHTS_DIR", weightsDir().toString());
        env.putAll(extraEnv);
    }

    /** The shipped model weights (absolute), for deblur rules and frame workers. */
    public static Path weightsDir() {
        return ItDirs.repoRoot().resolve("model").resolve("weights");
    }

    /** The packaged application, or a clear failure when the build has not produced it. */
    public static Path appJar() {
        String jar = System.getProperty("gateway.app.jar");
        if (jar == null || !Files.isRegularFile(Paths.get(jar))) {
            throw new AssertionError("gateway application jar not found (system property gateway.app.jar=" + jar
                    + "); failsafe runs after the package phase, which builds it");
        }
        return Paths.get(jar);
    }

    /** Starts the JVM and waits until it is ready (health UP and C-ECHO answered). */
    public GatewayProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("gateway " + name + " is already running");
        }
        starts++;
        Path log = ItDirs.logs().resolve(name + "-gateway-" + starts + ".log");
        logs.add(log);
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-jar");
        command.add(appJar().toString());
        process = ChildProcess.start("gateway " + name, command, env, dataDir.getParent(), log);
        awaitReady();
        return this;
    }

    private void awaitReady() {
        Instant start = Instant.now();
        Instant deadline = start.plus(READY_TIMEOUT);
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        "gateway exited during start-up; log " + process.log() + ":\n" + process.tail());
            }
            if (healthUp() && Echoscu.echo(dicomPort, "ITECHO", AE_TITLE).succeeded()) {
                LOG.infof(
                        "gateway %s ready in %d ms",
                        name, Duration.between(start, Instant.now()).toMillis());
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("gateway not ready within " + READY_TIMEOUT + " (health " + httpPort
                        + "/q/health/ready UP and C-ECHO on " + dicomPort + "); log " + process.log() + ":\n"
                        + process.tail());
            }
            Waits.sleep(250);
        }
    }

    /** Whether /q/health/ready answers 200. */
    public boolean healthUp() {
        return HttpProbe.answersOk(
                URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"), Duration.ofSeconds(3));
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill9() {
        process.kill9();
    }

    /** Starts again on the same ports and data folder after {@link #kill9()} or {@link #stop()}. */
    public GatewayProcess restart() {
        return start();
    }

    /** Orderly stop (SIGTERM). */
    public void stop() {
        if (process != null) {
            process.close();
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The JVM's process id (e.g. for {@code kill -HUP}). */
    public long pid() {
        return process.pid();
    }

    /** The JVM's -Xmx for the next start (768m unless set), e.g. "256m" to show heap bounds. */
    public GatewayProcess heap(String maxHeap) {
        this.heap = maxHeap;
        return this;
    }

    /** The embedded broker's URL (a worker process joins it there). */
    public String embeddedBrokerUrl() {
        return "tcp://127.0.0.1:" + embeddedBrokerPort;
    }

    /** The login file the embedded broker generated on first start. */
    public Path brokerCredentialsFile() {
        return dataDir.resolve("broker").resolve("credentials.properties");
    }

    public int dicomPort() {
        return dicomPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path spoolDir() {
        return dataDir.resolve("spool");
    }

    /** The current run's log, for failure messages. */
    public String logTail() {
        return process == null ? "(not started)" : process.tail();
    }

    /** The whole log of every run of this gateway (restarts included), for counting log lines. */
    public String logText() {
        StringBuilder text = new StringBuilder();
        for (Path log : logs) {
            try {
                text.append(Files.readString(log));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read gateway log " + log, e);
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        stop();
    }
}
