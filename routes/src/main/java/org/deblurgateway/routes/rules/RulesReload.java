package org.deblurgateway.routes.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.deblurgateway.dicom.files.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a new rules version comes into force, whether from the console, the reload endpoint or SIGHUP: parse
 * and validate with the start-up parser (same problems, naming rule and field), then - for text from the console -
 * replace the file on disk atomically (temp file, fsync, rename; the file it replaces kept as
 * {@code <name>.previous}), then swap the {@link ActiveRules}. An invalid text changes nothing, neither the rules in
 * force nor the file. One change at a time.
 */
public final class RulesReload {

    private static final Logger LOG = LoggerFactory.getLogger(RulesReload.class);

    /** How a version came into force, as the log and the console say it. */
    public static final String START_UP = "start-up";

    public static final String CONSOLE = "console apply";
    public static final String ENDPOINT = "reload endpoint";
    public static final String SIGNAL = "SIGHUP reload";
    public static final String CONSOLE_RELOAD = "console reload";

    private final RulesParser parser;
    private final ActiveRules active;
    private final Path file;
    private final Path previousFile;
    private final Consumer<RulesApplied> applied;
    private final Clock clock;

    /**
     * @param file    the rules file (gateway.rules-file)
     * @param applied told after each swap (e.g. to load the models a new version names)
     */
    public RulesReload(RulesParser parser, ActiveRules active, Path file, Consumer<RulesApplied> applied, Clock clock) {
        this.parser = parser;
        this.active = active;
        this.file = file;
        this.previousFile = file.resolveSibling(file.getFileName() + ".previous");
        this.applied = applied;
        this.clock = clock;
    }

    /** The first version, read from the file when the gateway starts; an invalid file stops the start. */
    public static RulesVersion initial(RulesParser parser, Path file, Clock clock) {
        String text = RulesParser.readText(file);
        return RulesVersion.of(parser.parse(text, file.toString()), text, clock.instant(), START_UP, START_UP);
    }

    /**
     * Validates {@code text} as the start-up check would.
     *
     * @throws RulesFileException listing every problem, each naming the rule (or destination) and the field
     */
    public RuleSet validate(String text) {
        return parser.parse(normalized(text), "(edited)");
    }

    /**
     * Validates {@code text}, replaces the rules file with it (the old file kept as {@code <name>.previous}) and puts
     * it in force.
     *
     * @throws RulesFileException   when the text is invalid: nothing changed
     * @throws UncheckedIOException when the file cannot be replaced: nothing changed (the rules in force neither)
     */
    public synchronized RulesApplied apply(String text, String user) {
        String normalized = normalized(text);
        RuleSet ruleSet = validate(normalized);
        try {
            replaceFile(normalized);
        } catch (IOException e) {
            LOG.error(
                    "DGW-RUL-003 rules from {} not applied: the rules file cannot be replaced: {}", user, e.toString());
            throw new UncheckedIOException("cannot replace the rules file " + file + ": " + e.getMessage(), e);
        }
        return putInForce(RulesVersion.of(ruleSet, normalized, clock.instant(), user, CONSOLE));
    }

    /**
     * Reads the rules file again (after it was edited by hand) and puts it in force when it is valid.
     *
     * @param how {@link #ENDPOINT} or {@link #SIGNAL}
     * @throws RulesFileException when the file is missing or invalid: the rules in force stay
     */
    public synchronized RulesApplied reloadFile(String user, String how) {
        String text;
        RuleSet ruleSet;
        try {
            text = RulesParser.readText(file);
            ruleSet = parser.parse(text, file.toString());
        } catch (RulesFileException e) {
            LOG.warn(
                    "DGW-RUL-002 {} by {} refused, the rules in force (version {}) stay: {}",
                    how,
                    user,
                    active.version().shortSha256(),
                    e.getMessage());
            throw e;
        }
        return putInForce(RulesVersion.of(ruleSet, text, clock.instant(), user, how));
    }

    /** The version in force. */
    public RulesVersion current() {
        return active.version();
    }

    /** The file's text before the last apply from the console, when there was one. */
    public Optional<String> previousText() {
        try {
            return Files.isRegularFile(previousFile) ? Optional.of(Files.readString(previousFile)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + previousFile, e);
        }
    }

    public Path file() {
        return file;
    }

    public Path previousFile() {
        return previousFile;
    }

    private RulesApplied putInForce(RulesVersion next) {
        RulesVersion replaced = active.swap(next);
        RulesApplied change = new RulesApplied(next, replaced);
        List<Rule> rules = next.ruleSet().rules();
        // Audit: who put which version in force. Rule and destination names only, no patient data.
        LOG.info(
                "DGW-RUL-001 rules version sha256 {} put in force by {} ({}), replacing {}: {} rule(s) {}, "
                        + "destinations {}",
                next.sha256(),
                next.appliedBy(),
                next.how(),
                replaced.sha256(),
                rules.size(),
                rules.stream().map(r -> r.name() + "->" + r.action()).toList(),
                next.ruleSet().destinations().keySet());
        if (!change.removedDestinations().isEmpty()) {
            LOG.warn(
                    "DGW-RUL-004 destinations {} are no longer in the rules: sends still waiting for them will be "
                            + "dead-lettered (add them back and re-drive to deliver them)",
                    change.removedDestinations());
        }
        applied.accept(change);
        return change;
    }

    private void replaceFile(String text) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Path temp = folder.resolve("." + file.getFileName() + ".new");
        Path previousTemp = folder.resolve("." + previousFile.getFileName() + ".part");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            DurableFiles.force(temp);
            if (Files.exists(file)) {
                Files.copy(file, previousTemp, StandardCopyOption.REPLACE_EXISTING);
                DurableFiles.moveIntoPlace(previousTemp, previousFile);
            }
            DurableFiles.rename(temp, file);
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(previousTemp);
        }
    }

    /** Browsers send CR LF from a textarea; the file keeps LF like the shipped ones. */
    private static String normalized(String text) {
        String lf = text == null ? "" : text.replace("\r\n", "\n");
        return lf.endsWith("\n") || lf.isEmpty() ? lf : lf + "\n";
    }
}
