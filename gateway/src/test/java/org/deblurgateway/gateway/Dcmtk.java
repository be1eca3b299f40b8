package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs dcmtk tools (echoscu, storescu, dump2dcm) as real DICOM peers for tests. */
final class Dcmtk {

    private Dcmtk() {
    }

    record Result(int exit, String output) {
    }

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/storescu")) && Files.isExecutable(Path.of("/usr/bin/dump2dcm")),
                "dcmtk (echoscu, storescu, dump2dcm) is not installed; run tools/bootstrap");
    }

    static Result run(String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("dcmtk", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Writes a tiny secondary capture object with the given SOP Instance UID (any text, valid or not). */
    static Path secondaryCapture(Path dir, String name, String sopInstanceUid) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path dump = dir.resolve(name + ".dump");
        Path file = dir.resolve(name + ".dcm");
        Files.writeString(dump, String.join("\n",
                "(0008,0016) UI =SecondaryCaptureImageStorage",
                "(0008,0018) UI [" + sopInstanceUid + "]",
                "(0008,0060) CS [OT]",
                "(0008,103e) LO [Generated series]",
                "(0010,0010) PN [Test^Patient]",
                "(0018,0015) CS [CHEST]",
                "(0020,000d) UI [2.25.4242]",
                "(0020,000e) UI [2.25.4243]",
                "(0028,0002) US 1",
                "(0028,0004) CS [MONOCHROME2]",
                "(0028,0010) US 4",
                "(0028,0011) US 4",
                "(0028,0100) US 8",
                "(0028,0101) US 8",
                "(0028,0102) US 7",
                "(0028,0103) US 0",
                "(7fe0,0010) OB 00\\01\\02\\03\\04\\05\\06\\07\\08\\09\\0a\\0b\\0c\\0d\\0e\\0f",
                ""));
        Result r = run("dump2dcm", "+te", dump.toString(), file.toString());
        if (r.exit() != 0) {
            throw new IllegalStateException("dump2dcm failed: " + r.output());
        }
        return file;
    }
}
