package org.deblurgateway.testsupport;

import java.time.Duration;

/** dcmtk's echoscu as a C-ECHO peer. */
public final class Echoscu {

    private Echoscu() {}

    /** Outcome of one echoscu run. */
    public record EchoResult(int exitCode, String output) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        /** The association was refused at A-ASSOCIATE time (A-ASSOCIATE-RJ). */
        public boolean associationRejected() {
            return exitCode != 0 && output.contains("Association Rejected");
        }
    }

    /**
     * C-ECHO from {@code callingAe} to {@code calledAe} at 127.0.0.1:port, bounded to ~15 s by echoscu's own
     * timeouts; a run that still hangs after 20 s is reported as failed, never as rejected.
     */
    public static EchoResult echo(int port, String callingAe, String calledAe) {
        ToolRun run = Dcmtk.runWithin(
                Duration.ofSeconds(20),
                "echoscu",
                "-aet",
                callingAe,
                "-aec",
                calledAe,
                "-to",
                "5",
                "-ta",
                "10",
                "-ts",
                "10",
                "127.0.0.1",
                Integer.toString(port));
        return new EchoResult(run.exit(), run.timedOut() ? "echoscu did not finish in 20 s" : run.output());
    }
}
