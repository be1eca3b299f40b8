package org.deblurgateway.dicom.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.ToolRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receiver throughput without a broker: storescu sends every file of {@code -Dbench.dir} over one association.
 * Runs only when that property names a folder of .dcm files (e.g. 500 copies of a 0.5 MB CT with new UIDs).
 */
class DicomListenerBenchmarkTest {

    private static final Logger LOG = LoggerFactory.getLogger(DicomListenerBenchmarkTest.class);

    @TempDir
    Path work;

    @Test
    void store_benchmarkFolder_allStored() throws Exception {
        String dir = System.getProperty("bench.dir");
        assumeTrue(
                dir != null && Files.isDirectory(Path.of(dir)),
                "set -Dbench.dir=FOLDER of .dcm files to run the benchmark");
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            files = s.filter(p -> p.toString().endsWith(".dcm"))
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
        AtomicInteger announced = new AtomicInteger();
        IngestPublisher publisher = () -> new IngestChannel() {
            @Override
            public void publish(ReceivedObject object) {
                announced.incrementAndGet();
            }

            @Override
            public void close() {}
        };
        DicomListener listener = new DicomListener(
                new ListenerSettings(
                        Set.of("DEBLUR"),
                        Optional.empty(),
                        "127.0.0.1",
                        0,
                        Integer.getInteger("bench.pdu", 65536),
                        4,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(5)),
                new ReceivePath(new Spool(work.resolve("data")), publisher));
        listener.start();
        try {
            List<String> command = new ArrayList<>(List.of(
                    "env",
                    "TCP_NODELAY=1",
                    "storescu",
                    "-aet",
                    "BENCH",
                    "-aec",
                    "DEBLUR",
                    "127.0.0.1",
                    Integer.toString(listener.port())));
            command.addAll(files);
            long t0 = System.nanoTime();
            ToolRun r = Dcmtk.runWithin(Duration.ofSeconds(600), command.toArray(String[]::new));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(0, r.exit(), r.output());
            long bytes = 0;
            for (String f : files) {
                bytes += Files.size(Path.of(f));
            }
            LOG.info(
                    "benchmark: {} files, {} MB in {} s = {} MB/s (receiver only, no broker)",
                    files.size(),
                    String.format("%.1f", bytes / 1e6),
                    String.format("%.2f", seconds),
                    String.format("%.1f", bytes / 1e6 / seconds));
        } finally {
            listener.stop();
        }
        assertEquals(files.size(), announced.get());
    }
}
