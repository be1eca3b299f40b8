package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.deblurgateway.dicom.pixels.PixelLayout;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.deblur.DeblurJobStore;
import org.deblurgateway.routes.deblur.JobManifest;
import org.deblurgateway.routes.messages.FrameHeaders;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.routes.spool.DataDir;
import org.junit.jupiter.api.Test;

/**
 * The retention of what no stage finishes by itself, against the gateway's embedded broker and data folder (routes
 * do not run in this profile): a dead-lettered send past gateway.retention.dead-lettered-sends (30d) goes with its
 * outbound copy, a deblur job past gateway.retention.unfinished-jobs (7d) gets the failure result that ends it,
 * and nothing younger is touched.
 */
@QuarkusTest
@TestProfile(IngestTestProfile.class)
class RetentionSweeperTest {

    @Inject
    RetentionSweeper sweeper;

    @Inject
    DeblurJobStore jobs;

    @Inject
    GatewayConfig gateway;

    @Inject
    ConnectionFactory connectionFactory;

    @Test
    void sweep_pastEachRetention_sendDeletedWithItsCopyAndStaleJobEnded() throws Exception {
        DataDir data = new DataDir(gateway.dataDir());
        String destination = "gone" + System.nanoTime() % 100_000;
        Path copy = data.outbound().resolve(destination).resolve("1.2.3.0123456789abcdef0123.dcm");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, "object");
        deadLetter(data.root().relativize(copy).toString(), destination);
        String staleJob = "2.25." + System.nanoTime();
        String freshJob = "2.25." + (System.nanoTime() + 7);
        createJob(data, staleJob, Instant.now().minus(Duration.ofDays(8)));
        createJob(data, freshJob, Instant.now());

        RetentionSweeper.Swept early = sweeper.sweep(Instant.now().plus(Duration.ofDays(1)));
        assertEquals(0, early.deadLetteredSendsDeleted(), "a send dead-lettered a day ago is kept");
        assertTrue(Files.exists(copy));
        assertEquals(1, early.unfinishedJobsEnded(), "only the job created 9 days before the sweep: " + early);
        Message ended = receive(Queues.DEBLUR_RESULTS, FrameHeaders.JOB + " = '" + staleJob + "'");
        assertNotNull(ended, "a failure result ends the stale job");
        assertEquals(RetentionSweeper.WORKER, ended.getStringProperty(FrameHeaders.WORKER));
        assertTrue(ended.getStringProperty(FrameHeaders.FAILURE).contains("not finished within"));
        assertEquals(staleJob, ended.getStringProperty("JMSXGroupID"));
        assertEquals(2, ended.getIntProperty(FrameHeaders.FRAME_INDEX), "on its last frame");

        RetentionSweeper.Swept late = sweeper.sweep(Instant.now().plus(Duration.ofDays(31)));
        assertTrue(late.deadLetteredSendsDeleted() >= 1, late.toString());
        assertTrue(Files.notExists(copy), "the given-up send's outbound copy is gone with it");
        assertEquals(
                null, receive(Queues.OUTBOUND_DEAD_LETTER, ObjectHeaders.DESTINATION + " = '" + destination + "'"));
    }

    private void createJob(DataDir data, String job, Instant createdAt) throws Exception {
        Path received =
                Files.createDirectories(data.root().resolve("test-received")).resolve(job + ".dcm");
        Files.writeString(received, "source");
        jobs.create(
                new JobManifest(
                        job,
                        "deblur-all",
                        "rdsam-lite",
                        List.of("pacs"),
                        true,
                        job + ".dcm",
                        new PixelLayout("MONOCHROME2", 4, 4, 3, 16, 12, false, false, "native"),
                        "CR",
                        createdAt.toEpochMilli()),
                received);
    }

    private void deadLetter(String spoolPath, String destination) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(Queues.OUTBOUND_DEAD_LETTER));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            TextMessage message = session.createTextMessage(spoolPath);
            message.setStringProperty(ObjectHeaders.SPOOL_PATH, spoolPath);
            message.setStringProperty(ObjectHeaders.DESTINATION, destination);
            producer.send(message);
        }
    }

    private Message receive(String queue, String selector) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector);
            return consumer.receive(2000);
        }
    }
}
