package org.deblurgateway.gateway.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** dcmtk's command-line tools as the ITs run them: output into a log, a bounded wait, the exit status. */
public final class DcmtkTools {

    private DcmtkTools() {}

    /** Runs {@code command} with its output written to {@code log}; -1 when it took over 2 minutes. */
    public static int run(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** One attribute's value as dcmdump prints it between the brackets. */
    public static String value(Path file, String keyword) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dcmdump", "-s", "+P", keyword, file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out.substring(out.indexOf('[') + 1, out.indexOf(']'));
    }
}
