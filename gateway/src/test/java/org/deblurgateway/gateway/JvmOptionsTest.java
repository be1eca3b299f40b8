package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JIT options have one home, bin/gateway (what `run`, `worker` and the benchmarks start the JVM with); the JVM
 * image, which has no launcher, must carry the same ones in its JAVA_OPTS.
 */
class JvmOptionsTest {

    private static final Path ROOT = MetricsTestProfile.repoRoot();

    @Test
    void launcher_defaultsToC1Only_tieredOnRequest_rejectsOtherValues() throws Exception {
        assertEquals(new Result(0, "-XX:TieredStopAtLevel=1"), jvmOptions(Map.of()));
        assertEquals(new Result(0, ""), jvmOptions(Map.of("GATEWAY_JIT", "tiered")));
        Result wrong = jvmOptions(Map.of("GATEWAY_JIT", "c2"));
        assertNotEquals(0, wrong.exitCode(), "an unknown GATEWAY_JIT must stop the launcher");
    }

    @Test
    void dockerImage_carriesTheLaunchersJitOptions() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("gateway/src/main/docker/Dockerfile.jvm"));
        Matcher javaOpts = Pattern.compile("JAVA_OPTS=\"([^\"]*)\"").matcher(dockerfile);
        assertTrue(javaOpts.find(), "Dockerfile.jvm sets no JAVA_OPTS");
        List<String> imageOptions = Arrays.asList(javaOpts.group(1).split("\\s+"));
        String launcher = jvmOptions(Map.of()).output();
        for (String option : launcher.split("\\s+")) {
            assertTrue(imageOptions.contains(option), "Dockerfile.jvm JAVA_OPTS lack " + option + ": " + imageOptions);
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result jvmOptions(Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(ROOT.resolve("bin/gateway").toString(), "jvm-options").redirectErrorStream(false);
        builder.environment().remove("GATEWAY_JIT");
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "bin/gateway jvm-options did not finish");
        return new Result(process.exitValue(), out);
    }
}
