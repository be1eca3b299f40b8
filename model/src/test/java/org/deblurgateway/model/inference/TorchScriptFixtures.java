package org.deblurgateway.model.inference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Tiny TorchScript models written once per test JVM by Debian's /usr/bin/python3 + torch
 * ({@code make_fixtures.py}): {@code identity} and {@code tiny}. Empty when Python or torch is missing.
 */
public final class TorchScriptFixtures {

    static final String PYTHON = "/usr/bin/python3";
    private static Optional<Path> dir;
    private static String failure = "";

    private TorchScriptFixtures() {}

    /** The folder holding {@code identity/} and {@code tiny/}, or empty (see {@link #whyMissing()}). */
    public static synchronized Optional<Path> weightsDir() {
        if (dir == null) {
            dir = create();
        }
        return dir;
    }

    public static String whyMissing() {
        return "TorchScript fixtures unavailable (needs " + PYTHON + " with torch, Debian python3-torch): " + failure;
    }

    private static Optional<Path> create() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            failure = PYTHON + " not found";
            return Optional.empty();
        }
        try {
            Path out = Files.createTempDirectory("deblur-fixtures");
            Path script = out.resolve("make_fixtures.py");
            try (InputStream in = TorchScriptFixtures.class.getResourceAsStream("/inference/make_fixtures.py")) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            Process p = new ProcessBuilder(PYTHON, script.toString(), out.toString())
                    .redirectErrorStream(true)
                    .start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                failure = "make_fixtures.py failed: " + log;
                return Optional.empty();
            }
            out.toFile().deleteOnExit();
            return Optional.of(out);
        } catch (IOException e) {
            failure = e.toString();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
            return Optional.empty();
        }
    }
}
