package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deblurgateway.testsupport.ToolRun;
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

    /**
     * {@code bin/gateway jvm-options} with GATEWAY_JIT unset or set to {@code environment}'s value; a launcher that
     * hangs fails the test after 30 s (ToolRun kills it) instead of blocking the suite.
     */
    private static Result jvmOptions(Map<String, String> environment) {
        List<String> command = new ArrayList<>(List.of("env", "-u", "GATEWAY_JIT"));
        environment.forEach((name, value) -> command.add(name + "=" + value));
        command.add(ROOT.resolve("bin/gateway").toString());
        command.add("jvm-options");
        ToolRun run = ToolRun.of(Duration.ofSeconds(30), command);
        assertFalse(run.timedOut(), run.output());
        return new Result(run.exit(), run.output().strip());
    }
}
