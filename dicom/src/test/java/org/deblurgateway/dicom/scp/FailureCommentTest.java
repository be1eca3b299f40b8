package org.deblurgateway.dicom.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.Storescu;
import org.deblurgateway.testsupport.SyntheticObjects;
import org.deblurgateway.testsupport.TransferSyntaxUids;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A C-STORE the gateway cannot keep is refused with a status whose Error Comment says what failed, never where: no
 * server path reaches the peer (dcmtk's storescu, whose debug log shows the response's Error Comment).
 */
class FailureCommentTest {

    /** storescu -d prints the C-STORE-RSP's Error Comment as "(0000,0902) LO [text]". */
    private static final Pattern ERROR_COMMENT = Pattern.compile("\\(0000,0902\\) LO \\[([^\\]]*)\\]");

    @TempDir
    Path work;

    private DicomListener listener;

    @BeforeAll
    static void requireDcmtk() {
        Dcmtk.assumeInstalled();
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.stop();
        }
    }

    @Test
    void store_spoolFolderUnusable_outOfResourcesWithoutPathInComment() throws Exception {
        Path data = work.resolve("data");
        start(data, new RecordingIngest());
        // Running as root, permissions would not stop the write: a file where the spool's tmp folder was does.
        Path tmp = data.resolve("spool/tmp");
        Files.delete(tmp);
        Files.writeString(tmp, "not a folder");

        String comment = refusedComment("A700");

        assertTrue(comment.startsWith("cannot create spool file"), comment);
        assertFalse(comment.contains("/"), "no path in the Error Comment: " + comment);
        assertFalse(comment.contains(work.toString()), comment);
    }

    @Test
    void store_announcementFailsWithPathInItsMessage_commentWithoutThePath() throws Exception {
        start(work.resolve("data"), () -> new IngestChannel() {
            @Override
            public void publish(ReceivedObject object) throws IngestException {
                throw new IngestException(
                        "cannot write /var/lib/gateway/broker/journal",
                        new AccessDeniedException("/var/lib/gateway/broker/journal"));
            }

            @Override
            public void close() {}
        });

        String comment = refusedComment("A700");

        assertTrue(comment.startsWith("cannot announce the object"), comment);
        assertFalse(comment.contains("/"), "no path in the Error Comment: " + comment);
        try (var left = Files.list(work.resolve("data/spool/incoming"))) {
            assertEquals(List.of(), left.toList(), "nothing half-kept after the refusal");
        }
    }

    private void start(Path data, IngestPublisher ingest) throws IOException {
        ListenerSettings settings = TestListeners.settings();
        listener = TestListeners.start(settings, data, ingest);
    }

    /** Sends one object with storescu; returns the Error Comment of its refusal with {@code status} (hex). */
    private String refusedComment(String status) throws Exception {
        Path file = SyntheticObjects.write(
                SyntheticObjects.object(SopClasses.SECONDARY_CAPTURE),
                work.resolve("object.dcm"),
                TransferSyntaxUids.EXPLICIT_LE);
        Storescu.StoreResult result;
        try (Storescu.StoreRun run = Storescu.start(
                "failure-comment", listener.port(), "MODALITY", "DEBLUR", List.of("-d"), List.of(file))) {
            result = run.awaitEnd(Duration.ofSeconds(60));
        }
        assertFalse(Storescu.StoreResult.SUCCESS.equals(result.responses().get(file)), result.log());
        assertTrue(
                result.log().contains("0x" + status) || result.log().contains(status.toLowerCase()),
                "status " + status + " expected: " + result.log());
        Matcher comment = ERROR_COMMENT.matcher(result.log());
        assertTrue(comment.find(), "an Error Comment in the response: " + result.log());
        return comment.group(1);
    }
}
