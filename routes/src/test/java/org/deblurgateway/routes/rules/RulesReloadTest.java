package org.deblurgateway.routes.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.deblurgateway.routes.actions.DropActionRoute;
import org.deblurgateway.routes.actions.PassActionRoute;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ActiveRules} and {@link RulesReload}: a valid text is written atomically with the old file kept and swapped
 * in whole; an invalid one changes neither the rules in force nor the file; a hand-edited file is reloaded the same
 * way.
 */
class RulesReloadTest {

    private static final String PASS_TO_PACS = """
            destinations:
              pacs: {ae-title: PACS, host: 127.0.0.1, port: 4242}
            rules:
              - name: default
                action: pass
                destinations: [pacs]
            """;
    private static final String DROP_CT_THEN_BOTH = """
            destinations:
              pacs: {ae-title: PACS, host: 127.0.0.1, port: 4242}
              archive: {ae-title: ARCHIVE, host: 127.0.0.1, port: 4243}
            rules:
              - name: no-ct
                match: {modality: CT}
                action: drop
              - name: default
                action: pass
                destinations: [pacs, archive]
            """;
    private static final String UNKNOWN_DESTINATION = """
            destinations:
              pacs: {ae-title: PACS, host: 127.0.0.1, port: 4242}
            rules:
              - name: default
                action: pass
                destinations: [pacs2]
            """;
    private static final ObjectAttributes CT =
            new ObjectAttributes("CTSCANNER", "DEBLUR", "CT", "1.2.840.10008.5.1.4.1.1.2", null, null, null);

    @TempDir
    Path dir;

    private final RulesParser parser =
            new RulesParser(List.of(new PassActionRoute(null, null), new DropActionRoute(null, null)));
    private final List<RulesApplied> heard = new ArrayList<>();
    private Path file;
    private ActiveRules active;
    private RulesReload reload;

    @BeforeEach
    void start() throws Exception {
        file = Files.writeString(dir.resolve("rules.yaml"), PASS_TO_PACS);
        active = new ActiveRules(RulesReload.initial(parser, file, Clock.systemUTC()));
        reload = new RulesReload(parser, active, file, heard::add, Clock.systemUTC());
    }

    @Test
    void initial_readsFile_versionIsSha256OfText() {
        RulesVersion version = active.version();
        assertEquals(RulesVersion.sha256(PASS_TO_PACS), version.sha256());
        assertEquals(64, version.sha256().length());
        assertEquals(RulesReload.START_UP, version.how());
        assertEquals(List.of("pacs"), active.ruleSet().rules().get(0).destinations());
    }

    @Test
    void apply_valid_fileReplacedPreviousKeptAndSwapped() throws Exception {
        RuleSet before = active.ruleSet();
        RulesApplied change = reload.apply(DROP_CT_THEN_BOTH, "alice");

        assertEquals(DROP_CT_THEN_BOTH, Files.readString(file));
        assertEquals(PASS_TO_PACS, Files.readString(dir.resolve("rules.yaml.previous")));
        assertEquals(PASS_TO_PACS, reload.previousText().orElseThrow());
        assertEquals("no-ct", active.ruleSet().firstMatch(CT).name());
        assertEquals("default", before.firstMatch(CT).name(), "a snapshot taken before the swap stays as it was");
        RulesVersion version = active.version();
        assertEquals(RulesVersion.sha256(DROP_CT_THEN_BOTH), version.sha256());
        assertEquals("alice", version.appliedBy());
        assertEquals(RulesReload.CONSOLE, version.how());
        assertEquals(List.of(change), heard);
        assertSame(before, change.previous().ruleSet());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of("rules.yaml", "rules.yaml.previous"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temp file left behind");
        }
    }

    @Test
    void apply_twice_previousIsTheFileItReplaced() throws Exception {
        reload.apply(DROP_CT_THEN_BOTH, "alice");
        reload.apply(PASS_TO_PACS, "bob");
        assertEquals(PASS_TO_PACS, Files.readString(file));
        assertEquals(DROP_CT_THEN_BOTH, Files.readString(dir.resolve("rules.yaml.previous")));
        assertEquals(List.of("archive"), heard.get(1).removedDestinations());
    }

    @Test
    void apply_invalid_refusedNothingAppliedFileUntouched() throws Exception {
        RulesVersion before = active.version();
        byte[] fileBefore = Files.readAllBytes(file);

        RulesFileException refused =
                assertThrows(RulesFileException.class, () -> reload.apply(UNKNOWN_DESTINATION, "alice"));

        assertEquals(
                List.of("rule 'default': destinations: unknown destination 'pacs2' (defined: pacs)"),
                refused.problems());
        assertSame(before, active.version());
        assertArrayEquals(fileBefore, Files.readAllBytes(file));
        assertFalse(Files.exists(dir.resolve("rules.yaml.previous")));
        assertTrue(heard.isEmpty());
    }

    @Test
    void apply_sameProblemsAsStartUp() {
        List<String> atApply = assertThrows(RulesFileException.class, () -> reload.validate(UNKNOWN_DESTINATION))
                .problems();
        List<String> atStart = assertThrows(
                        RulesFileException.class,
                        () -> RulesReload.initial(parser, writeOther(UNKNOWN_DESTINATION), Clock.systemUTC()))
                .problems();
        assertEquals(atStart, atApply);
    }

    @Test
    void apply_fileCannotBeReplaced_nothingApplied() throws Exception {
        RulesVersion before = active.version();
        // The temp name taken by a folder: the write fails (also for root, who can write into read-only folders).
        Files.createDirectory(dir.resolve(".rules.yaml.new"));
        assertThrows(UncheckedIOException.class, () -> reload.apply(DROP_CT_THEN_BOTH, "alice"));
        assertSame(before, active.version());
        assertEquals(PASS_TO_PACS, Files.readString(file));
        assertTrue(heard.isEmpty());
    }

    @Test
    void apply_crLfFromBrowser_storedWithLf() throws Exception {
        reload.apply(DROP_CT_THEN_BOTH.replace("\n", "\r\n"), "alice");
        assertEquals(DROP_CT_THEN_BOTH, Files.readString(file));
        assertEquals(RulesVersion.sha256(DROP_CT_THEN_BOTH), active.version().sha256());
    }

    @Test
    void reloadFile_editedByHand_swappedFileNotRewritten() throws Exception {
        Files.writeString(file, DROP_CT_THEN_BOTH);
        reload.reloadFile("admin", RulesReload.ENDPOINT);
        assertEquals("no-ct", active.ruleSet().firstMatch(CT).name());
        assertEquals(RulesReload.ENDPOINT, active.version().how());
        assertFalse(Files.exists(dir.resolve("rules.yaml.previous")), "a reload keeps no copy: the file is the edit");
        assertEquals(1, heard.size());
    }

    @Test
    void reloadFile_invalidEdit_refusedOldRulesStay() throws Exception {
        RulesVersion before = active.version();
        Files.writeString(file, "rules: [\n");
        RulesFileException refused =
                assertThrows(RulesFileException.class, () -> reload.reloadFile("signal", RulesReload.SIGNAL));
        assertTrue(
                refused.problems().get(0).startsWith("not valid YAML"),
                refused.problems().toString());
        assertSame(before, active.version());
        Files.delete(file);
        assertThrows(RulesFileException.class, () -> reload.reloadFile("signal", RulesReload.SIGNAL));
        assertSame(before, active.version());
        assertTrue(heard.isEmpty());
    }

    /** Readers on other threads see either the old or the new rule set, whole, never a mixture or nothing. */
    @Test
    void swap_concurrentReaders_seeOneWholeVersion() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService readers = Executors.newFixedThreadPool(2);
        CountDownLatch started = new CountDownLatch(2);
        List<Future<Integer>> seen = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            seen.add(readers.submit(() -> {
                started.countDown();
                int reads = 0;
                while (!stop.get()) {
                    RuleSet snapshot = active.ruleSet();
                    Rule rule = snapshot.firstMatch(CT);
                    boolean old = rule.action().equals("pass")
                            && rule.destinations().equals(List.of("pacs"))
                            && snapshot.destinations().size() == 1;
                    boolean updated = rule.name().equals("no-ct")
                            && snapshot.destinations().size() == 2;
                    if (!old && !updated) {
                        throw new AssertionError("mixed rule set: " + snapshot);
                    }
                    reads++;
                }
                return reads;
            }));
        }
        started.await();
        for (int i = 0; i < 50; i++) {
            reload.apply(i % 2 == 0 ? DROP_CT_THEN_BOTH : PASS_TO_PACS, "alice");
        }
        stop.set(true);
        for (Future<Integer> reader : seen) {
            assertTrue(reader.get(30, TimeUnit.SECONDS) > 0);
        }
        readers.shutdown();
    }

    private Path writeOther(String text) throws Exception {
        return Files.writeString(dir.resolve("other.yaml"), text);
    }
}
