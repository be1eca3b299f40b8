package org.deblurgateway.routes.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.routes.Queues;

/** What the route flow tests do around the routes: write spooled objects, announce them, read results, wait. */
final class FlowPeers {

    private FlowPeers() {
    }

    /** Writes {@code dump} (dcmdump text) as a Part 10 file with dcmtk's dump2dcm, as the listener would spool it. */
    static Path dump2dcm(String dump, Path scratch, Path file) throws IOException, InterruptedException {
        Path dumpFile = Files.writeString(scratch.resolve("object.dump"), dump);
        Files.createDirectories(file.getParent());
        Process process = new ProcessBuilder("/usr/bin/dump2dcm", "-g", "+te", "+l", "1000000", dumpFile.toString(),
                file.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
        // dump2dcm exits 0 even when it refuses its input
        assertTrue(Files.isRegularFile(file), "dump2dcm wrote no object: " + output);
        return file;
    }

    /** The ingest message the listener publishes for a spooled object: its path plus the given headers. */
    static void sendIngest(Connection connection, String spoolPath, Map<String, String> headers) throws Exception {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue(Queues.INGEST));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            TextMessage message = session.createTextMessage(spoolPath);
            message.setStringProperty(ObjectHeaders.SPOOL_PATH, spoolPath);
            message.setStringProperty(ObjectHeaders.CALLING_AE, "MODALITY");
            message.setStringProperty(ObjectHeaders.CALLED_AE, "DEBLUR");
            for (Map.Entry<String, String> header : headers.entrySet()) {
                message.setStringProperty(header.getKey(), header.getValue());
            }
            producer.send(message);
        }
    }

    /** dcmdump's text of a file, with the meta header. */
    static String dcmdump(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/usr/bin/dcmdump", "-M", file.toString()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return output;
    }

    static void await(BooleanSupplier condition, String what, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
