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

    private static final PlacementToken FIRST = PlacementToken.of("message:ID:first");
    private static final PlacementToken RESEND = PlacementToken.of("message:ID:resend");

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
        List<OutboundCopy> copies = spool.fanOut("spool/incoming/1.2.3.dcm", List.of("pacs", "archive"), FIRST);

        assertEquals(
                List.of(
                        new OutboundCopy("pacs", "outbound/pacs/1.2.3." + FIRST.value() + ".dcm", true),
                        new OutboundCopy("archive", "outbound/archive/1.2.3." + FIRST.value() + ".dcm", true)),
                copies);
        Path pacsCopy = dataDir.resolve("outbound/pacs/1.2.3." + FIRST.value() + ".dcm");
        assertTrue(Files.isSameFile(ingest, pacsCopy));
        assertEquals(3, Files.getAttribute(ingest, "unix:nlink"));
        assertEquals(
                "object bytes", Files.readString(dataDir.resolve("outbound/archive/1.2.3." + FIRST.value() + ".dcm")));
    }

    @Test
    void fanOut_runTwice_sameNamesNoTempLeftovers() throws Exception {
        spool.fanOut("spool/incoming/1.2.3.dcm", List.of("pacs"), FIRST);
        List<OutboundCopy> again = spool.fanOut("spool/incoming/1.2.3.dcm", List.of("pacs"), FIRST);

        assertEquals(List.of(new OutboundCopy("pacs", "outbound/pacs/1.2.3." + FIRST.value() + ".dcm", true)), again);
        try (Stream<Path> files = Files.list(dataDir.resolve("outbound/pacs"))) {
            assertEquals(
                    List.of("1.2.3." + FIRST.value() + ".dcm"),
                    files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void fanOut_resendOfSameInstance_ownFileAndEarlierCopyUntouched() throws Exception {
        spool.fanOut("spool/incoming/1.2.3.dcm", List.of("pacs"), FIRST);
        Path first = dataDir.resolve("outbound/pacs/1.2.3." + FIRST.value() + ".dcm");
        Files.delete(ingest);
        Files.writeString(ingest, "corrected object bytes");

        List<OutboundCopy> resend = spool.fanOut("spool/incoming/1.2.3.dcm", List.of("pacs"), RESEND);
        spool.delete(dataDir.relativize(first).toString());

        assertEquals(List.of(new OutboundCopy("pacs", "outbound/pacs/1.2.3." + RESEND.value() + ".dcm", true)), resend);
        assertEquals(
                "corrected object bytes",
                Files.readString(dataDir.resolve(resend.get(0).spoolPath())),
                "deleting the first copy by its spool path left the re-send's copy");
    }

    @Test
    void placementToken_sameIdentitySameToken_otherIdentityOther() {
        assertEquals(PlacementToken.of("message:ID:first"), FIRST);
        assertFalse(FIRST.equals(RESEND));
        assertTrue(FIRST.value().matches("[0-9a-f]{20}"), FIRST.value());
        assertThrows(IllegalArgumentException.class, () -> PlacementToken.of(""));
        assertThrows(IllegalArgumentException.class, () -> new PlacementToken("../x"));
    }

    @Test
    void fanOut_staleCopyFromEarlierObject_replaced() throws Exception {
        Path stale = dataDir.resolve("outbound/pacs/1.2.3." + FIRST.value() + ".dcm");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "older object");

        spool.fanOut("spool/incoming/1.2.3.dcm", List.of("pacs"), FIRST);

        assertEquals("object bytes", Files.readString(stale));
        assertTrue(Files.isSameFile(ingest, stale));
    }

    @Test
    void fanOut_ingestGoneButCopyThere_reportedPresent() throws Exception {
        spool.fanOut("spool/incoming/1.2.3.dcm", List.of("pacs", "archive"), FIRST);
        Files.delete(ingest);
        Files.delete(dataDir.resolve("outbound/archive/1.2.3." + FIRST.value() + ".dcm"));

        List<OutboundCopy> redo = spool.fanOut("spool/incoming/1.2.3.dcm", List.of("pacs", "archive"), FIRST);

        assertEquals(
                List.of(
                        new OutboundCopy("pacs", "outbound/pacs/1.2.3." + FIRST.value() + ".dcm", true),
                        new OutboundCopy("archive", "outbound/archive/1.2.3." + FIRST.value() + ".dcm", false)),
                redo);
    }

    @Test
    void fanOut_everythingGone_allAbsent() throws Exception {
        Files.delete(ingest);

        List<OutboundCopy> copies = spool.fanOut("spool/incoming/1.2.3.dcm", List.of("pacs"), FIRST);

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
