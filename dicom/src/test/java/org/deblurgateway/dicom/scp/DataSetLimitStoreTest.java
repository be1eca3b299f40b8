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
import org.deblurgateway.dicom.DataSetLimit;
import org.deblurgateway.testsupport.DeflateBombs;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.RawStoreScu;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.TransferSyntaxUids;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data sets larger than the listener's limit (as sent, or once inflated) get 0xA700 and leave no file; a huge
 * private value under the limit never reaches the heap; an out-of-memory C-STORE is answered 0xA700 and the
 * listener keeps serving.
 */
class DataSetLimitStoreTest {

    private static final String SC = SopClasses.SECONDARY_CAPTURE;
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path work;

    private DicomListener listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.stop();
        }
    }

    private void start(DataSetLimit limit, IngestPublisher ingest) throws IOException {
        ListenerSettings settings = new ListenerSettings(
                Set.of("DEBLUR"),
                Optional.empty(),
                "127.0.0.1",
                0,
                65536,
                4,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                limit);
        listener = TestListeners.start(settings, work.resolve("data"), ingest);
    }

    @Test
    void store_deflatedAboveLimitOnceInflated_outOfResourcesNoFileAndNextStoreSucceeds() throws Exception {
        RecordingIngest ingest = new RecordingIngest();
        start(new DataSetLimit(64 * MIB), ingest);
        byte[] bomb = DeflateBombs.privateZeros(SC, "2.25.61", 100 * MIB);
        assertTrue(bomb.length < MIB, "deflated to " + bomb.length + " bytes");
        try (RawStoreScu scu = RawStoreScu.associate(listener.port(), SC, TransferSyntaxUids.DEFLATED_LE)) {
            assertEquals(DicomStatus.OUT_OF_RESOURCES, scu.store(SC, "2.25.61", bomb));
            assertEquals(
                    DicomStatus.SUCCESS, scu.store(SC, "2.25.62", DeflateBombs.privateZeros(SC, "2.25.62", 2 * MIB)));
            scu.release();
        }
        assertEquals(List.of("2.25.62"), spooled());
        assertEquals(1, ingest.announced().size());
    }

    @Test
    void store_plainDataSetAboveLimit_outOfResourcesBeforeItIsWritten() throws Exception {
        start(new DataSetLimit(MIB), new RecordingIngest());
        byte[] small = RawObjects.dataSet(SC, "2.25.71");
        byte[] large = new byte[(int) (2 * MIB)];
        System.arraycopy(small, 0, large, 0, small.length);
        try (RawStoreScu scu = RawStoreScu.associate(listener.port(), SC, TransferSyntaxUids.EXPLICIT_LE)) {
            assertEquals(DicomStatus.OUT_OF_RESOURCES, scu.store(SC, "2.25.71", large));
            assertEquals(DicomStatus.SUCCESS, scu.store(SC, "2.25.72", RawObjects.dataSet(SC, "2.25.72")));
            scu.release();
        }
        assertEquals(List.of("2.25.72"), spooled());
    }

    @Test
    void store_hugePrivateValueUnderLimit_storedWithItsSummary() throws Exception {
        RecordingIngest ingest = new RecordingIngest();
        start(DataSetLimit.DEFAULT, ingest);
        byte[] bomb = DeflateBombs.privateZeros(SC, "2.25.81", 200 * MIB);
        try (RawStoreScu scu = RawStoreScu.associate(listener.port(), SC, TransferSyntaxUids.DEFLATED_LE)) {
            assertEquals(DicomStatus.SUCCESS, scu.store(SC, "2.25.81", bomb));
            scu.release();
        }
        assertEquals(1, ingest.announced().size());
        assertEquals(RawObjects.SERIES_UID, ingest.announced().get(0).summary().seriesInstanceUid());
    }

    @Test
    void store_heapExhaustedWhileAnnouncing_outOfResourcesAbortAndListenerServesTheNext() throws Exception {
        RecordingIngest recording = new RecordingIngest();
        IngestPublisher exhaustedOnce = new IngestPublisher() {
            private boolean thrown;

            @Override
            public synchronized IngestChannel open() throws IngestException {
                if (!thrown) {
                    thrown = true;
                    // What a full heap throws at this point; the listener must not die of it.
                    throw new OutOfMemoryError("Java heap space (simulated)");
                }
                return recording.open();
            }
        };
        start(DataSetLimit.DEFAULT, exhaustedOnce);
        RawStoreScu.Outcome first = RawStoreScu.store(
                listener.port(),
                "RAWSCU",
                "DEBLUR",
                SC,
                "2.25.91",
                TransferSyntaxUids.EXPLICIT_LE,
                RawObjects.dataSet(SC, "2.25.91"),
                20000);
        assertEquals(RawStoreScu.Kind.STATUS, first.kind(), first.toString());
        assertEquals(DicomStatus.OUT_OF_RESOURCES, first.status());
        assertEquals(List.of(), spooled());
        RawStoreScu.Outcome next = RawStoreScu.store(
                listener.port(),
                "RAWSCU",
                "DEBLUR",
                SC,
                "2.25.92",
                TransferSyntaxUids.EXPLICIT_LE,
                RawObjects.dataSet(SC, "2.25.92"),
                20000);
        assertTrue(next.success(), next.toString());
        assertEquals(List.of("2.25.92"), spooled());
    }

    private List<String> spooled() throws IOException {
        Path spool = work.resolve("data");
        if (!Files.exists(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(spool)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> Spool.sopInstanceUidOf(p.getFileName().toString()))
                    .sorted()
                    .toList();
        }
    }
}
