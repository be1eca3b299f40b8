package org.deblurgateway.gateway.trail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster from Debian's postgresql package: initdb into a temporary folder, pg_ctl start on
 * a free loopback port, trust authentication, removed on close. Installs the package with apt-get when it is absent
 * and this process may do so; {@link #start()} is empty when it cannot be had, with the reason in {@link #why}.
 * PostgreSQL refuses to run as root: as root the cluster runs as the package's {@code postgres} user.
 */
final class PostgresCluster implements AutoCloseable {

    static String why = "";

    private final Path dir;
    private final Path binDir;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresCluster(Path dir, Path binDir, int port, boolean asPostgresUser) {
        this.dir = dir;
        this.binDir = binDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    static Optional<PostgresCluster> start() throws IOException, InterruptedException {
        Optional<Path> bin = binDir();
        if (bin.isEmpty()) {
            run(
                    List.of(
                            "sh",
                            "-c",
                            "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "
                                    + "postgresql >/dev/null 2>&1"),
                    600);
            bin = binDir();
            if (bin.isEmpty()) {
                why = "Debian's postgresql is not installed and apt-get could not install it";
                return Optional.empty();
            }
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("trail-pg");
        if (root) {
            run(List.of("chown", "postgres:postgres", dir.toString()), 30);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PostgresCluster cluster = new PostgresCluster(dir, bin.get(), port, root);
        Path data = dir.resolve("data");
        if (cluster.pg(List.of("initdb", "-D", data.toString(), "-U", "gateway", "--auth=trust", "-E", "UTF8"), 120)
                != 0) {
            why = "initdb failed (output in " + System.getProperty("java.io.tmpdir") + "/trail-postgresql.log)";
            cluster.removeFolder();
            return Optional.empty();
        }
        if (cluster.pg(
                        List.of(
                                "pg_ctl",
                                "-D",
                                data.toString(),
                                "-w",
                                "-t",
                                "60",
                                "-l",
                                dir.resolve("log").toString(),
                                "-o",
                                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1",
                                "start"),
                        90)
                != 0) {
            why = "pg_ctl start failed: " + Files.readString(dir.resolve("log"));
            cluster.removeFolder();
            return Optional.empty();
        }
        return Optional.of(cluster);
    }

    /** The trail's settings for this cluster (gateway.console.database=postgresql, user gateway, 30 days kept). */
    TrailSettings trailSettings() {
        return new TrailSettings(
                TrailDatabaseKind.POSTGRESQL,
                Optional.of(jdbcUrl()),
                Optional.of("gateway"),
                Optional.empty(),
                Duration.ofDays(30));
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        pg(List.of("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), 60);
        removeFolder();
    }

    private int pg(List<String> command, int seconds) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.add(binDir.resolve(command.get(0)).toString());
        full.addAll(command.subList(1, command.size()));
        return run(full, seconds);
    }

    private static int run(List<String> command, int seconds) throws IOException, InterruptedException {
        // Into a log file: output written straight to the test JVM's stdout corrupts surefire's channel.
        File log = new File(System.getProperty("java.io.tmpdir"), "trail-postgresql.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private static Optional<Path> binDir() throws IOException {
        Path versions = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(versions)) {
            return Optional.empty();
        }
        try (Stream<Path> list = Files.list(versions)) {
            return list.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder());
        }
    }

    private void removeFolder() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
