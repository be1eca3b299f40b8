package org.deblurgateway.routes.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deblurgateway.routes.spool.OutboundSpool.OutboundCopy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-destination copies of a spooled object: durable, idempotent, and confined to the data dir. */
class OutboundSpoolTest {

    @TempDir
    Path dataDir;

    private OutboundSpool spool;
    private Path ingest;

    @BeforeEach
    void spoolOneObject() throws Exception {
        spool = new OutboundSpool(new DataDir(dataDir));
        ingest = dataDir.resolve("spool/incoming/1.2.3.dcm");
        Files.createDirectories(ingest.getParent());
        Files.writeString(ingest, "object bytes");
    }

    @Test
    void fanOut_twoDestinations_hardLinkedCopiesWithSameContent() throws Exception {
        List<OutboundCopy> copies = spool.fanOut("spool/incoming/1.2.3.dcm", List.of("pacs", "archive"));

        assertEquals(List.of(new OutboundCopy("pacs", "outbound/pacs/1.2.3.dcm", true),
                new OutboundCopy("archive", "outbound/archive/1.2.3.dcm", true)), copies);
        Path pacsCopy = dataDir.resolve("outbound/pacs/1.2.3.dcm");
        assertTrue(Files.isSameFile(ingest, pacsCopy));
        assertEquals(3, Files.getAttribute(ingest, "unix:nlink"));
        assertEquals("object bytes", Files.readString(dataDir.resolve("outbound/archive/1.2.3.dcm")));
    }

    @Test
    void fanOut_runTwice_sameNamesNoTempLeftovers() throws Exception {
        spool.fanOut("spool/incoming/1.2.3.dcm", List.of("pacs"));
        List<OutboundCopy> again = spool.fanOut("spool/incoming/1.2.3.dcm", List.of("pacs"));

        assertEquals(List.of(new OutboundCopy("pacs", "outbound/pacs/1.2.3.dcm", true)), again);
        try (Stream<Path> files = Files.list(dataDir.resolve("outbound/pacs"))) {
            assertEquals(List.of("1.2.3.dcm"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void fanOut_staleCopyFromEarlierObject_replaced() throws Exception {
        Path stale = dataDir.resolve("outbound/pacs/1.2.3.dcm");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "older object");

        spool.fanOut("spool/incoming/1.2.3.dcm", List.of("pacs"));

        assertEquals("object bytes", Files.readString(stale));
        assertTrue(Files.isSameFile(ingest, stale));
    }

    @Test
    void fanOut_ingestGoneButCopyThere_reportedPresent() throws Exception {
        spool.fanOut("spool/incoming/1.2.3.dcm", List.of("pacs", "archive"));
        Files.delete(ingest);
        Files.delete(dataDir.resolve("outbound/archive/1.2.3.dcm"));

        List<OutboundCopy> redo = spool.fanOut("spool/incoming/1.2.3.dcm", List.of("pacs", "archive"));

        assertEquals(List.of(new OutboundCopy("pacs", "outbound/pacs/1.2.3.dcm", true),
                new OutboundCopy("archive", "outbound/archive/1.2.3.dcm", false)), redo);
    }

    @Test
    void fanOut_everythingGone_allAbsent() throws Exception {
        Files.delete(ingest);

        List<OutboundCopy> copies = spool.fanOut("spool/incoming/1.2.3.dcm", List.of("pacs"));

        assertFalse(copies.get(0).present());
        assertFalse(Files.exists(dataDir.resolve("outbound/pacs")));
    }

    @Test
    void resolve_pathEscapingDataDir_rejected() {
        assertThrows(IllegalArgumentException.class, () -> spool.resolve("../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> spool.resolve("spool/../../x"));
        assertThrows(IllegalArgumentException.class, () -> spool.resolve("/etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> spool.resolve(""));
        assertThrows(IllegalArgumentException.class, () -> spool.resolve(null));
        assertThrows(IllegalArgumentException.class, () -> spool.resolve("."));
    }

    @Test
    void delete_existingAndMissing_reportsWhetherItExisted() throws Exception {
        assertTrue(spool.delete("spool/incoming/1.2.3.dcm"));
        assertFalse(spool.delete("spool/incoming/1.2.3.dcm"));
    }
}
