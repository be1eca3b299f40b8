package org.deblurgateway.dicom.scp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.RawStoreScu;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.TransferSyntaxUids;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** C-STOREs that dcmtk would never send: garbage, truncation, mismatched UIDs, HTJ2K, deflate. */
class RawStoreTest {

    private static final String SC = SopClasses.SECONDARY_CAPTURE;
    private static final String EXPLICIT_LE = TransferSyntaxUids.EXPLICIT_LE;

    @TempDir
    Path work;

    private DicomListener listener;
    private final RecordingIngest ingest = new RecordingIngest();
    private final List<ReceivedObject> announced = ingest.announced();

    @BeforeEach
    void start() throws IOException {
        ListenerSettings settings = TestListeners.settings();
        listener = TestListeners.start(settings, work.resolve("data"), ingest);
    }

    @AfterEach
    void stop() {
        listener.stop();
    }

    @Test
    void store_garbageThenValid_cannotUnderstandThenSuccessOnSameAssociation() throws Exception {
        try (RawStoreScu scu = RawStoreScu.associate(listener.port(), SC, EXPLICIT_LE)) {
            byte[] garbage = "definitely not a DICOM data set, just some text bytes".getBytes();
            assertEquals(DicomStatus.CANNOT_UNDERSTAND, scu.store(SC, "2.25.11", garbage));
            assertEquals(DicomStatus.SUCCESS, scu.store(SC, "2.25.12", RawObjects.dataSet(SC, "2.25.12")));
            scu.release();
        }
        assertEquals(1, announced.size());
        assertSpoolHolds("2.25.12");
    }

    @Test
    void store_truncatedPixelData_cannotUnderstandAndNothingSpooled() throws Exception {
        byte[] full = RawObjects.dataSet(SC, "2.25.21");
        try (RawStoreScu scu = RawStoreScu.associate(listener.port(), SC, EXPLICIT_LE)) {
            assertEquals(DicomStatus.CANNOT_UNDERSTAND, scu.store(SC, "2.25.21", Arrays.copyOf(full, full.length - 5)));
            scu.release();
        }
        assertSpoolHolds();
    }

    @Test
    void store_dataSetUidDiffersFromCommand_dataSetDoesNotMatchSopClass() throws Exception {
        try (RawStoreScu scu = RawStoreScu.associate(listener.port(), SC, EXPLICIT_LE)) {
            assertEquals(
                    DicomStatus.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                    scu.store(SC, "2.25.31", RawObjects.dataSet(SC, "2.25.32")));
            scu.release();
        }
        assertSpoolHolds();
    }

    @Test
    void store_htj2kNotKnownToToolkits_storedAsSentWithSyntaxInMetaHeader() throws Exception {
        String htj2k = "1.2.840.10008.1.2.4.201";
        byte[] dataSet = RawObjects.encapsulatedDataSet(SC, "2.25.41");
        try (RawStoreScu scu = RawStoreScu.associate(listener.port(), SC, htj2k)) {
            assertEquals(DicomStatus.SUCCESS, scu.store(SC, "2.25.41", dataSet));
            scu.release();
        }
        byte[] stored = Files.readAllBytes(SpooledFiles.only(work.resolve("data"), "2.25.41"));
        assertArrayEquals(dataSet, Arrays.copyOfRange(stored, stored.length - dataSet.length, stored.length));
        assertTrue(new String(stored, 0, stored.length - dataSet.length, StandardCharsets.US_ASCII).contains(htj2k));
        assertEquals(htj2k, announced.get(0).summary().transferSyntaxUid());
    }

    @Test
    void store_deflatedOnlyOffer_acceptedParsedAndStoredAsSent() throws Exception {
        String deflate = "1.2.840.10008.1.2.1.99";
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream z =
                new DeflaterOutputStream(deflated, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
            z.write(RawObjects.dataSet(SC, "2.25.51"));
        }
        try (RawStoreScu scu = RawStoreScu.associate(listener.port(), SC, deflate)) {
            assertEquals(DicomStatus.SUCCESS, scu.store(SC, "2.25.51", deflated.toByteArray()));
            scu.release();
        }
        assertEquals(RawObjects.SERIES_UID, announced.get(0).summary().seriesInstanceUid());
        byte[] stored = Files.readAllBytes(SpooledFiles.only(work.resolve("data"), "2.25.51"));
        byte[] sent = deflated.toByteArray();
        assertArrayEquals(sent, Arrays.copyOfRange(stored, stored.length - sent.length, stored.length));
    }

    @Test
    void store_sopClassOtherThanNegotiated_refused() throws Exception {
        try (RawStoreScu scu = RawStoreScu.associate(listener.port(), SC, EXPLICIT_LE)) {
            String ct = "1.2.840.10008.5.1.4.1.1.2";
            assertEquals(
                    DicomStatus.SOP_CLASS_NOT_SUPPORTED, scu.store(ct, "2.25.61", RawObjects.dataSet(ct, "2.25.61")));
            scu.release();
        }
        assertSpoolHolds();
    }

    @Test
    void stop_duringCStore_inFlightObjectAnsweredAndStoredThenAssociationEnds() throws Exception {
        byte[] big = RawObjects.dataSet(SC, "2.25.71");
        byte[] padded = Arrays.copyOf(big, big.length + 40000);
        // Pad with a private OB element so the data set spans several PDVs and stays valid.
        byte[] padding = new byte[40000 - 12];
        System.arraycopy(new byte[] {0x09, 0x00, 0x10, 0x10, 'O', 'B', 0, 0}, 0, padded, big.length, 8);
        System.arraycopy(
                new byte[] {(byte) (padding.length), (byte) (padding.length >>> 8), 0, 0},
                0,
                padded,
                big.length + 8,
                4);
        Thread stopper = new Thread(listener::stop);
        try (RawStoreScu scu = RawStoreScu.associate(listener.port(), SC, EXPLICIT_LE)) {
            int status = scu.store(SC, "2.25.71", padded, () -> {
                try {
                    Thread.sleep(300); // the listener has read the command: the C-STORE is in flight
                    stopper.start();
                    Thread.sleep(300); // the listener is now stopping and must still finish this C-STORE
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertEquals(DicomStatus.SUCCESS, status);
        }
        stopper.join(10000);
        assertTrue(!listener.isBound());
        assertSpoolHolds("2.25.71");
        assertEquals(1, announced.size());
    }

    /** The spool holds one file of each instance named (by SOP Instance UID) and nothing else. */
    private void assertSpoolHolds(String... sopInstanceUids) throws IOException {
        try (Stream<Path> incoming = Files.list(work.resolve("data/spool/incoming"));
                Stream<Path> tmp = Files.list(work.resolve("data/spool/tmp"))) {
            assertEquals(
                    List.of(sopInstanceUids).stream().sorted().toList(),
                    incoming.map(p -> Spool.sopInstanceUidOf(p.getFileName().toString()))
                            .sorted()
                            .toList());
            assertEquals(0, tmp.count());
        }
    }
}
