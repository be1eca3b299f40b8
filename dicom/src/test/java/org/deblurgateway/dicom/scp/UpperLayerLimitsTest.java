package org.deblurgateway.dicom.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.deblurgateway.testsupport.RawAssociation;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.RawStoreScu;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.TransferSyntaxUids;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upper layer's limits inside an accepted association (PS3.8): a PDU longer than the maximum we negotiated and a
 * peer that goes silent both end in A-ABORT, and the listener serves the next association. (The setup limit, the
 * ARTIM-like bound on a new connection's A-ASSOCIATE-RQ, is AssociationLimitsTest's.)
 */
class UpperLayerLimitsTest {

    private static final String SC = SopClasses.SECONDARY_CAPTURE;
    private static final int MAX_PDU = 16384;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path work;

    private DicomListener listener;
    private Spool spool;
    private final RecordingIngest ingest = new RecordingIngest();

    @BeforeEach
    void start() throws IOException {
        ListenerSettings settings = new ListenerSettings(
                Set.of("DEBLUR"),
                Optional.empty(),
                "127.0.0.1",
                0,
                MAX_PDU,
                4,
                Duration.ofSeconds(5),
                READ_TIMEOUT,
                Duration.ofSeconds(5));
        spool = new Spool(work.resolve("data"));
        listener = TestListeners.start(settings, new ReceivePath(spool, ingest), ListenerOptions.none());
    }

    @AfterEach
    void stop() {
        listener.stop();
    }

    @Test
    void pData_longerThanNegotiatedMaximum_abortedAndNextAssociationServed() throws Exception {
        try (RawAssociation peer = RawAssociation.open(listener.port(), SC, TransferSyntaxUids.EXPLICIT_LE, 10_000)) {
            peer.write(RawAssociation.pDataHeader(MAX_PDU + 1));
            peer.write(new byte[4096]); // the start of its body: the header alone must already be refused

            assertEquals(RawAssociation.A_ABORT, peer.nextPduType());
            assertEquals(RawAssociation.CLOSED, peer.nextPduType());
        }
        assertNothingSpooled();
        assertServesNext();
    }

    @Test
    void association_peerSilentLongerThanReadTimeout_abortedAndNextAssociationServed() throws Exception {
        try (RawAssociation peer = RawAssociation.open(listener.port(), SC, TransferSyntaxUids.EXPLICIT_LE, 10_000)) {
            long start = System.nanoTime();

            assertEquals(RawAssociation.A_ABORT, peer.nextPduType());

            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(
                    waited.compareTo(READ_TIMEOUT.minusMillis(100)) >= 0 && waited.compareTo(Duration.ofSeconds(6)) < 0,
                    "aborted at the read timeout, after " + waited);
        }
        assertServesNext();
    }

    private void assertNothingSpooled() throws IOException {
        for (Path folder : List.of(spool.tmp(), spool.incoming())) {
            try (Stream<Path> left = Files.list(folder)) {
                assertEquals(List.of(), left.toList());
            }
        }
    }

    private void assertServesNext() throws IOException {
        try (RawStoreScu scu = RawStoreScu.associate(listener.port(), SC, TransferSyntaxUids.EXPLICIT_LE)) {
            assertEquals(DicomStatus.SUCCESS, scu.store(SC, "2.25.8001", RawObjects.dataSet(SC, "2.25.8001")));
            scu.release();
        }
    }
}
