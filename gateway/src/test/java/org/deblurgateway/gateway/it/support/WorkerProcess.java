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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deblurgateway.testsupport.ChildProcess;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.HttpProbe;
import org.deblurgateway.testsupport.Waits;
import org.jboss.logging.Logger;

/**
 * A frame worker process: the same packaged application as {@link GatewayProcess}, started with
 * {@code -Dquarkus.profile=worker} (what {@code bin/gateway worker} does): frame workers only, no DICOM listener, no
 * embedded broker. It joins the broker at {@code brokerUrl} and names itself {@code workerName} in its logs and in
 * the results it returns, so a test can tell which process deblurred which frame.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkerProcess.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** FrameWorker's line per deblurred frame: "DGW-DB-020 frame 3/24 of job ... deblurred by NAME in ...". */
    private static final Pattern FRAME_DONE =
            Pattern.compile("DGW-DB-020 frame (\\d+)/(\\d+) of job (\\S+) .*" + "deblurred by (\\S+) in");

    private final String name;
    private final String workerName;
    private final Path dataDir;
    private final int httpPort = FreePorts.next();
    private final Map<String, String> env = new LinkedHashMap<>();
    private ChildProcess process;
    private int starts;

    /**
     * @param name       used in log file names
     * @param workerName GATEWAY_DEBLUR_WORKER_NAME, the name in DGW-DB-020 lines and in the gateway's DGW-DB-030
     * @param dataDir    GATEWAY_DATA_DIR of this worker (scratch only; jobs live in the gateway's)
     * @param brokerUrl  GATEWAY_BROKER_URL, the broker the gateway uses
     * @param rules      GATEWAY_RULES_FILE: the gateway's rules (a worker reads no rules, but never gets a wrong path)
     * @param extraEnv   further variables (frame workers per process, ...)
     */
    public WorkerProcess(
            String name, String workerName, Path dataDir, String brokerUrl, Path rules, Map<String, String> extraEnv) {
        this.name = name;
        this.workerName = workerName;
        this.dataDir = dataDir;
        env.put("GATEWAY_DATA_DIR", dataDir.toString());
        env.put("GATEWAY_BROKER_URL", brokerUrl);
        env.put("GATEWAY_RULES_FILE", rules.toString());
        env.put("GATEWAY_DEBLUR_WEIGHTS_DIR", GatewayProcess.weightsDir().toString());
        env.put("GATEWAY_DEBLUR_WORKER_NAME", workerName);
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        // The worker profile sets %worker.quarkus.http.port=0; name the profiled key too so ours wins either way.
        env.put("_WORKER_QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.putAll(extraEnv);
    }

    /** Starts the JVM and waits until its health says ready (broker reachable). */
    public WorkerProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("worker " + name + " is already running");
        }
        starts++;
        Path log = ItDirs.logs().resolve(name + "-worker-" + starts + ".log");
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx768m");
        command.add("-Dquarkus.profile=worker");
        command.add("-jar");
        command.add(GatewayProcess.appJar().toString());
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = ChildProcess.start("worker " + name, command, env, dataDir.getParent(), log);
        Instant start = Instant.now();
        Instant deadline = start.plus(READY_TIMEOUT);
        while (!healthUp()) {
            if (!process.isAlive()) {
                throw new AssertionError("worker exited during start-up; log " + log + ":\n" + process.tail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("worker not ready within " + READY_TIMEOUT + " (health " + httpPort
                        + "/q/health/ready); log " + log + ":\n" + process.tail());
            }
            Waits.sleep(250);
        }
        LOG.infof(
                "worker %s ready in %d ms",
                name, Duration.between(start, Instant.now()).toMillis());
        return this;
    }

    /** Whether /q/health/ready answers 200. */
    public boolean healthUp() {
        return HttpProbe.answersOk(
                URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"), Duration.ofSeconds(3));
    }

    /** One DGW-DB-020 line: frame {@code index} (0-based) of {@code job}, deblurred by {@code worker}. */
    public record DeblurredFrame(String job, int index, int count, String worker) {}

    /** The frames this process logged as deblurred (current run). */
    public List<DeblurredFrame> deblurredFrames() {
        return deblurredFrames(process == null ? "" : process.output());
    }

    /** The DGW-DB-020 lines of any process log (the gateway's own frame workers log them too). */
    public static List<DeblurredFrame> deblurredFrames(String log) {
        List<DeblurredFrame> frames = new ArrayList<>();
        Matcher matcher = FRAME_DONE.matcher(log);
        while (matcher.find()) {
            frames.add(new DeblurredFrame(
                    matcher.group(3),
                    Integer.parseInt(matcher.group(1)) - 1,
                    Integer.parseInt(matcher.group(2)),
                    matcher.group(4)));
        }
        return frames;
    }

    /** SIGKILL: the frame in progress is neither finished nor acknowledged. */
    public void kill9() {
        process.kill9();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String workerName() {
        return workerName;
    }

    /** Everything this process wrote (current run; read after {@link #close()} for all of it). */
    public String logText() {
        return process == null ? "" : process.output();
    }

    public String logTail() {
        return process == null ? "(not started)" : process.tail();
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
