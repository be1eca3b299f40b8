package org.deblurgateway.dicom.derived;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Reads a derived file with pydicom (Debian's /usr/bin/python3) through read_derived.py, a second opinion. */
final class Pydicom {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    /** What pydicom saw: header facts and the decoded samples (frame, row, column, sample order). */
    record Reading(Map<String, String> facts, int[] samples) {

        String fact(String key) {
            return facts.get(key);
        }
    }

    private Pydicom() {}

    static boolean available() throws InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import pydicom, numpy")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    static Reading read(Path file, Path work) throws IOException, InterruptedException {
        Path script = work.resolve("read_derived.py");
        if (!Files.exists(script)) {
            try (InputStream in = Pydicom.class.getResourceAsStream("read_derived.py")) {
                Files.copy(in, script);
            }
        }
        Path pixels = Files.createTempFile(work, "pixels", ".i32");
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), file.toString(), pixels.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("pydicom could not read " + file + ":\n" + output);
        }
        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : output.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(pixels)).order(ByteOrder.LITTLE_ENDIAN);
        int[] samples = new int[raw.remaining() / 4];
        raw.asIntBuffer().get(samples);
        return new Reading(facts, samples);
    }
}
