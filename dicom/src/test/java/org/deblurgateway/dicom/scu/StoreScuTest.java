package org.deblurgateway.dicom.scu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.deblurgateway.dicom.scp.DicomListener;
import org.deblurgateway.dicom.scp.ReceivedObject;
import org.deblurgateway.dicom.scp.RecordingIngest;
import org.deblurgateway.dicom.scp.TestListeners;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.Storescp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** StoreScu against a real dcmtk storescp started per test on a free loopback port. */
class StoreScuTest {

    private static final String EXPLICIT_LE = TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN;
    private static final String IMPLICIT_LE = TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN;

    @TempDir
    Path temp;

    private final List<Storescp> peers = new ArrayList<>();

    @BeforeAll
    static void requireDcmtk() {
        assumeTrue(
                Storescp.installed(),
                "dcmtk storescp not installed at " + Storescp.BINARY + " (tools/bootstrap installs dcmtk); skipping");
    }

    @AfterEach
    void stopPeers() {
        peers.forEach(Storescp::close);
    }

    @Test
    void store_explicitLittleEndianToStorescp_successAndIdenticalPixelData() throws Exception {
        Path source = writeImage(temp.resolve("in.dcm"), SOPClass.SecondaryCaptureImageStorage, EXPLICIT_LE);
        Path received = Files.createDirectory(temp.resolve("received"));
        int port = startStorescp(received);

        StoreResult result = scu(Duration.ofSeconds(10)).store(source, destination(port));

        assertEquals(StoreResult.Outcome.SUCCESS, result.outcome(), result.detail());
        assertEquals(0x0000, result.status());
        assertEquals("0000", result.statusHex());
        assertTrue(result.associationEstablished());
        assertEquals(EXPLICIT_LE, result.transferSyntaxUid());
        assertSameDataSet(source, onlyFile(received));
    }

    @Test
    void store_peerAcceptsImplicitOnly_convertsAndSucceeds() throws Exception {
        Path source = writeImage(temp.resolve("in.dcm"), SOPClass.SecondaryCaptureImageStorage, EXPLICIT_LE);
        Path received = Files.createDirectory(temp.resolve("received"));
        int port = startStorescp(received, "+xi");

        StoreResult result = scu(Duration.ofSeconds(10)).store(source, destination(port));

        assertEquals(StoreResult.Outcome.SUCCESS, result.outcome(), result.detail());
        assertEquals(IMPLICIT_LE, result.transferSyntaxUid());
        assertSameDataSet(source, onlyFile(received));
    }

    @Test
    void store_peerWithSmallMaxPdu_dataSetInManyFragmentsArrivesWhole() throws Exception {
        // 32 KiB of pixel data to a peer that takes PDUs of at most 4 KiB: many P-DATA-TF fragments, the last flagged.
        Path source = writeImage(temp.resolve("in.dcm"), SOPClass.SecondaryCaptureImageStorage, EXPLICIT_LE, 128, 128);
        Path received = Files.createDirectory(temp.resolve("received"));
        int port = startStorescp(received, "--max-pdu", "4096");

        StoreResult result = scu(Duration.ofSeconds(10)).store(source, destination(port));

        assertEquals(StoreResult.Outcome.SUCCESS, result.outcome(), result.detail());
        assertSameDataSet(source, onlyFile(received));
    }

    @Test
    void store_toOurOwnListener_storedAndAnnouncedWithTheDestinationsCallingAeTitle() throws Exception {
        Path source = writeImage(temp.resolve("in.dcm"), SOPClass.SecondaryCaptureImageStorage, IMPLICIT_LE);
        RecordingIngest ingest = new RecordingIngest();
        DicomListener listener = TestListeners.start(
                TestListeners.settings(Optional.empty(), 2, Duration.ofSeconds(5)), temp.resolve("data"), ingest);
        try {
            Destination ours = new Destination("self", "DEBLUR", "127.0.0.1", listener.port(), Optional.of("SENDER"));

            StoreResult result = scu(Duration.ofSeconds(10)).store(source, ours);

            assertEquals(StoreResult.Outcome.SUCCESS, result.outcome(), result.detail());
            assertEquals(IMPLICIT_LE, result.transferSyntaxUid());
            assertEquals(1, ingest.announced().size());
            ReceivedObject announced = ingest.announced().get(0);
            assertEquals("SENDER", announced.callingAeTitle());
            assertSameDataSet(source, temp.resolve("data").resolve(announced.spoolPath()));
        } finally {
            listener.stop();
        }
    }

    @Test
    void store_sopClassPeerDoesNotSupport_noPresentationContextAndPermanent() throws Exception {
        Path source = writeImage(temp.resolve("in.dcm"), "1.2.826.0.1.3680043.10.1234.99", EXPLICIT_LE);
        Path received = Files.createDirectory(temp.resolve("received"));
        int port = startStorescp(received);

        StoreResult result = scu(Duration.ofSeconds(10)).store(source, destination(port));

        assertEquals(StoreResult.Outcome.NO_PRESENTATION_CONTEXT, result.outcome(), result.detail());
        assertTrue(result.associationEstablished());
        assertEquals("none", result.statusHex());
        assertTrue(result.permanent());
        assertTrue(result.detail().contains("1.2.826.0.1.3680043.10.1234.99"), result.detail());
    }

    @Test
    void store_peerCannotWriteObject_refusedStatusFromPeer() throws Exception {
        Path source = writeImage(temp.resolve("in.dcm"), SOPClass.SecondaryCaptureImageStorage, EXPLICIT_LE);
        Path received = Files.createDirectory(temp.resolve("received"));
        int port = startStorescp(received);
        // storescp checked the folder at start; without it every store fails and it answers an error status.
        Files.delete(received);

        StoreResult result = scu(Duration.ofSeconds(10)).store(source, destination(port));

        assertEquals(StoreResult.Outcome.FAILURE_STATUS, result.outcome(), result.detail());
        assertTrue(result.hasStatus());
        assertFalse(result.stored());
        assertEquals(0xA700, result.status() & 0xFF00, "status " + result.statusHex());
        assertFalse(result.permanent());
    }

    @Test
    void store_peerRefusesAssociation_rejectedWithoutStatus() throws Exception {
        Path source = writeImage(temp.resolve("in.dcm"), SOPClass.SecondaryCaptureImageStorage, EXPLICIT_LE);
        int port = startStorescp(Files.createDirectory(temp.resolve("received")), "--refuse");

        StoreResult result = scu(Duration.ofSeconds(10)).store(source, destination(port));

        assertTrue(
                Set.of(
                                StoreResult.Outcome.ASSOCIATION_REJECTED_PERMANENT,
                                StoreResult.Outcome.ASSOCIATION_REJECTED_TRANSIENT)
                        .contains(result.outcome()),
                result.toString());
        assertFalse(result.associationEstablished());
        assertEquals("none", result.statusHex());
        assertTrue(result.detail().contains("rejected"), result.detail());
    }

    @Test
    void store_closedPort_connectFailedQuickly() throws Exception {
        Path source = writeImage(temp.resolve("in.dcm"), SOPClass.SecondaryCaptureImageStorage, EXPLICIT_LE);
        long start = System.nanoTime();

        StoreResult result = scu(Duration.ofSeconds(10)).store(source, destination(FreePorts.next()));

        assertEquals(StoreResult.Outcome.CONNECT_FAILED, result.outcome(), result.detail());
        assertFalse(result.associationEstablished());
        assertEquals("none", result.statusHex());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
    }

    @Test
    void store_silentPeer_timeoutWithinLimit() throws Exception {
        Path source = writeImage(temp.resolve("in.dcm"), SOPClass.SecondaryCaptureImageStorage, EXPLICIT_LE);
        // A listener that accepts TCP but never answers A-ASSOCIATE-RQ.
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            long start = System.nanoTime();

            StoreResult result = new StoreScu("DEBLUR", Duration.ofMillis(800), Duration.ofMillis(800))
                    .store(source, destination(silent.getLocalPort()));

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(StoreResult.Outcome.TIMEOUT, result.outcome(), result.detail());
            assertFalse(result.associationEstablished());
            assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
        }
    }

    @Test
    void store_peerSlowToAnswer_timeoutAfterAssociation() throws Exception {
        Path source = writeImage(temp.resolve("in.dcm"), SOPClass.SecondaryCaptureImageStorage, EXPLICIT_LE);
        int port = startStorescp(Files.createDirectory(temp.resolve("received")), "--sleep-during", "5");

        StoreResult result =
                new StoreScu("DEBLUR", Duration.ofSeconds(5), Duration.ofSeconds(1)).store(source, destination(port));

        assertEquals(StoreResult.Outcome.TIMEOUT, result.outcome(), result.detail());
        assertTrue(result.associationEstablished());
        assertFalse(result.permanent());
    }

    @Test
    // Without the send watchdog this blocks as long as storescp sleeps (measured: over 8 minutes); a separate
    // thread lets the timeout fail the test although the blocked socket write ignores interrupts.
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void store_peerStopsReadingMidDataSet_timeoutInsteadOfABlockedSender() throws Exception {
        // 48 MB: far more than the loopback socket buffers hold, so the send blocks once storescp stops reading.
        Path source =
                writeImage(temp.resolve("big.dcm"), SOPClass.SecondaryCaptureImageStorage, EXPLICIT_LE, 4096, 6144);
        int port = startStorescp(Files.createDirectory(temp.resolve("received")), "--sleep-during", "120");
        long start = System.nanoTime();

        StoreResult result =
                new StoreScu("DEBLUR", Duration.ofSeconds(5), Duration.ofSeconds(1)).store(source, destination(port));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(StoreResult.Outcome.TIMEOUT, result.outcome(), result.detail());
        assertTrue(result.detail().contains("stopped reading"), result.detail());
        assertTrue(result.associationEstablished());
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "took " + took);
    }

    @Test
    void store_missingFile_localErrorWithoutNetwork() {
        StoreResult result = scu(Duration.ofSeconds(1)).store(temp.resolve("absent.dcm"), destination(1));

        assertEquals(StoreResult.Outcome.LOCAL_ERROR, result.outcome());
        assertTrue(result.detail().contains("not found"), result.detail());
        assertTrue(result.permanent());
    }

    @Test
    void store_notDicomFile_localError() throws IOException {
        Path junk = Files.writeString(temp.resolve("junk.dcm"), "this is not DICOM");

        StoreResult result = scu(Duration.ofSeconds(1)).store(junk, destination(1));

        assertEquals(StoreResult.Outcome.LOCAL_ERROR, result.outcome(), result.detail());
        assertFalse(result.associationEstablished());
    }

    @Test
    void statusHex_variousStatuses_fourUpperCaseHexDigits() {
        assertEquals("B007", StoreResult.ofStatus(0xB007, EXPLICIT_LE).statusHex());
        assertEquals(
                StoreResult.Outcome.WARNING,
                StoreResult.ofStatus(0xB007, EXPLICIT_LE).outcome());
        assertEquals("0122", StoreResult.ofStatus(0x0122, EXPLICIT_LE).statusHex());
        assertTrue(StoreResult.ofStatus(0xA900, EXPLICIT_LE).permanent());
        assertFalse(StoreResult.ofStatus(0xA701, EXPLICIT_LE).permanent());
        assertFalse(StoreResult.ofStatus(0xC000, EXPLICIT_LE).stored());
    }

    private static StoreScu scu(Duration timeout) {
        return new StoreScu("DEBLUR", timeout, timeout);
    }

    private static Destination destination(int port) {
        return new Destination("storescp", "STORESCP", "127.0.0.1", port, Optional.empty());
    }

    private int startStorescp(Path outputDir, String... options) {
        Storescp storescp = Storescp.start("STORESCP", FreePorts.next(), outputDir, options);
        peers.add(storescp);
        return storescp.port();
    }

    private static Path onlyFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), "files in " + dir + ": " + all);
            return all.get(0);
        }
    }

    private static void assertSameDataSet(Path sent, Path received) throws IOException, DicomException {
        AttributeList a = read(sent);
        AttributeList b = read(received);
        assertEquals(
                Attribute.getSingleStringValueOrNull(a, TagFromName.SOPInstanceUID),
                Attribute.getSingleStringValueOrNull(b, TagFromName.SOPInstanceUID));
        assertEquals(
                Attribute.getSingleStringValueOrNull(a, TagFromName.PatientName),
                Attribute.getSingleStringValueOrNull(b, TagFromName.PatientName));
        assertArrayEquals(
                a.get(TagFromName.PixelData).getShortValues(),
                b.get(TagFromName.PixelData).getShortValues());
    }

    private static AttributeList read(Path file) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return list;
    }

    /** A small 16-bit monochrome image with a recognisable ramp, written as a Part 10 file. */
    static Path writeImage(Path file, String sopClassUid, String transferSyntaxUid) throws DicomException, IOException {
        return writeImage(file, sopClassUid, transferSyntaxUid, 16, 20);
    }

    static Path writeImage(Path file, String sopClassUid, String transferSyntaxUid, int rows, int columns)
            throws DicomException, IOException {
        AttributeList list = new AttributeList();
        put(list, TagFromName.SOPClassUID, sopClassUid);
        put(list, TagFromName.SOPInstanceUID, "2.25." + uuidDigits());
        put(list, TagFromName.StudyInstanceUID, "2.25." + uuidDigits());
        put(list, TagFromName.SeriesInstanceUID, "2.25." + uuidDigits());
        put(list, TagFromName.PatientName, "Test^StoreScu");
        put(list, TagFromName.PatientID, "SCU-TEST");
        put(list, TagFromName.Modality, "OT");
        put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        put(list, TagFromName.Rows, rows);
        put(list, TagFromName.Columns, columns);
        put(list, TagFromName.SamplesPerPixel, 1);
        put(list, TagFromName.BitsAllocated, 16);
        put(list, TagFromName.BitsStored, 12);
        put(list, TagFromName.HighBit, 11);
        put(list, TagFromName.PixelRepresentation, 0);
        short[] pixels = new short[rows * columns];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (short) ((i * 37) % 4096);
        }
        Attribute pixelData = new OtherWordAttribute(TagFromName.PixelData);
        pixelData.setValues(pixels);
        list.put(pixelData);
        FileMetaInformation.addFileMetaInformation(list, transferSyntaxUid, "DEBLUR");
        File out = file.toFile();
        list.write(out, transferSyntaxUid, true, true);
        return file;
    }

    private static void put(AttributeList list, AttributeTag tag, String value) throws DicomException {
        list.putNewAttribute(tag).addValue(value);
    }

    private static void put(AttributeList list, AttributeTag tag, int value) throws DicomException {
        list.putNewAttribute(tag).addValue(value);
    }

    private static String uuidDigits() {
        UUID uuid = UUID.randomUUID();
        return new BigInteger(
                        1,
                        ByteBuffer.allocate(16)
                                .putLong(uuid.getMostSignificantBits())
                                .putLong(uuid.getLeastSignificantBits())
                                .array())
                .toString();
    }
}
