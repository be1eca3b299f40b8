package org.deblurgateway.dicom.scp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.deblurgateway.dicom.DataSetLimit;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.SyntheticObjects;
import org.deblurgateway.testsupport.TransferSyntaxUids;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Part 10 objects through the listener's durable receive path, as STOW-RS parts arrive: a real spool on disk. */
class PartTenIngestTest {

    @TempDir
    Path work;

    private final List<ReceivedObject> announced = new ArrayList<>();
    private final ExecutorService syncPool = Executors.newSingleThreadExecutor();
    private Spool spool;

    @BeforeEach
    void prepare() throws IOException {
        spool = new Spool(work.resolve("data"));
        spool.prepare();
    }

    @AfterEach
    void stop() {
        syncPool.shutdownNow();
    }

    @Test
    void store_partTenObject_isDurableAndAnnouncedWithItsUids() throws Exception {
        Path file = object("obj.dcm");
        byte[] bytes = Files.readAllBytes(file);

        PartTenIngest.Outcome outcome;
        try (PartTenIngest.Batch batch = ingest(DataSetLimit.DEFAULT).open("DICOMWEB", "DEBLUR", "test")) {
            outcome = batch.store(new ByteArrayInputStream(bytes));
        }

        assertTrue(outcome.stored(), outcome.errorComment());
        assertEquals(SopClasses.SECONDARY_CAPTURE, outcome.sopClassUid());
        assertEquals(1, announced.size());
        ReceivedObject received = announced.get(0);
        assertEquals(outcome.sopInstanceUid(), received.summary().sopInstanceUid());
        assertEquals("DICOMWEB", received.callingAeTitle());
        Path placed = spool.dataDir().resolve(received.spoolPath());
        assertTrue(Files.exists(placed));
        byte[] stored = Files.readAllBytes(placed);
        // The data set arrives byte for byte after the spool's own meta information.
        int dataSetStart = dataSetOffset(bytes);
        byte[] sentDataSet = Arrays.copyOfRange(bytes, dataSetStart, bytes.length);
        byte[] storedDataSet = Arrays.copyOfRange(stored, stored.length - sentDataSet.length, stored.length);
        assertArrayEquals(sentDataSet, storedDataSet);
        assertEquals(List.of(), tmpFiles());
    }

    @Test
    void store_notPartTen_failsWithCannotUnderstandAndKeepsNothing() throws Exception {
        PartTenIngest.Outcome outcome;
        try (PartTenIngest.Batch batch = ingest(DataSetLimit.DEFAULT).open("DICOMWEB", "DEBLUR", "test")) {
            outcome = batch.store(
                    new ByteArrayInputStream("not a DICOM object".repeat(20).getBytes()));
        }

        assertEquals(DicomStatus.CANNOT_UNDERSTAND, outcome.status());
        assertEquals(List.of(), announced);
        assertEquals(List.of(), incomingFiles());
    }

    @Test
    void store_streamBreaksOff_throwsAndLeavesNoFile() throws Exception {
        byte[] bytes = Files.readAllBytes(object("obj.dcm"));
        InputStream breaking = new InputStream() {
            private int at;

            @Override
            public int read() throws IOException {
                if (at == bytes.length - 10) {
                    throw new IOException("connection reset");
                }
                return bytes[at++] & 0xFF;
            }
        };

        try (PartTenIngest.Batch batch = ingest(DataSetLimit.DEFAULT).open("DICOMWEB", "DEBLUR", "test")) {
            assertThrows(IOException.class, () -> batch.store(breaking));
        }

        assertEquals(List.of(), announced);
        assertEquals(List.of(), incomingFiles());
        assertEquals(List.of(), tmpFiles());
    }

    @Test
    void store_overMaxObjectSize_failsOutOfResourcesAndTheNextIsStored() throws Exception {
        byte[] bytes = Files.readAllBytes(object("obj.dcm"));
        byte[] next = Files.readAllBytes(object("next.dcm"));

        try (PartTenIngest.Batch batch = ingest(new DataSetLimit(1000)).open("DICOMWEB", "DEBLUR", "test")) {
            PartTenIngest.Outcome tooLarge = batch.store(new ByteArrayInputStream(bytes));
            assertEquals(DicomStatus.OUT_OF_RESOURCES, tooLarge.status());
            assertFalse(tooLarge.stored());
        }
        try (PartTenIngest.Batch batch = ingest(DataSetLimit.DEFAULT).open("DICOMWEB", "DEBLUR", "test")) {
            assertTrue(batch.store(new ByteArrayInputStream(next)).stored());
        }
        assertEquals(1, announced.size());
        assertEquals(1, incomingFiles().size());
    }

    private PartTenIngest ingest(DataSetLimit limit) {
        IngestPublisher publisher = () -> new IngestChannel() {
            @Override
            public void publish(ReceivedObject object) {
                announced.add(object);
            }

            @Override
            public void close() {}
        };
        return new PartTenIngest(spool, publisher, syncPool, limit, SpoolFloor.none());
    }

    private Path object(String name) throws Exception {
        return SyntheticObjects.write(
                SyntheticObjects.withCells(
                        SyntheticObjects.image(
                                SopClasses.SECONDARY_CAPTURE,
                                SyntheticObjects.Spec.grey("MONOCHROME2", 32, 32, 1, 16, 12, 11, false)),
                        16,
                        new int[32 * 32]),
                work.resolve(name),
                TransferSyntaxUids.EXPLICIT_LE);
    }

    private static int dataSetOffset(byte[] partTen) {
        int groupLength = (partTen[140] & 0xFF)
                | (partTen[141] & 0xFF) << 8
                | (partTen[142] & 0xFF) << 16
                | (partTen[143] & 0xFF) << 24;
        return 144 + groupLength;
    }

    private List<Path> incomingFiles() throws IOException {
        try (Stream<Path> files = Files.list(spool.incoming())) {
            return files.toList();
        }
    }

    private List<Path> tmpFiles() throws IOException {
        try (Stream<Path> files = Files.list(spool.tmp())) {
            return files.toList();
        }
    }
}
