package org.deblurgateway.routes.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.deblurgateway.dicom.scu.Destination;
import org.deblurgateway.routes.actions.DropActionRoute;
import org.deblurgateway.routes.actions.PassActionRoute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and validation of the rules file: the accepted shape and one clear message per kind of mistake. */
class RulesParserTest {

    private static final String PACS = "destinations:\n  pacs: {ae-title: PACS, host: 127.0.0.1, port: 4242}\n";
    private static final String DEFAULT_RULE = "  - name: default\n    action: pass\n    destinations: [pacs]\n";

    private final RulesParser parser =
            new RulesParser(List.of(new PassActionRoute(null, null), new DropActionRoute(null, null)));

    private RuleSet parse(String yaml) {
        return parser.parse(yaml, "test.yaml");
    }

    /** Parses expecting failure and returns the problems. */
    private List<String> problems(String yaml) {
        return assertThrows(RulesFileException.class, () -> parse(yaml)).problems();
    }

    private static void assertProblem(List<String> problems, String... fragments) {
        for (String problem : problems) {
            boolean all = true;
            for (String fragment : fragments) {
                all &= problem.contains(fragment);
            }
            if (all) {
                return;
            }
        }
        throw new AssertionError("no problem containing " + List.of(fragments) + " in " + problems);
    }

    @Test
    void parse_minimalFile_oneDestinationAndDefaultRule() {
        RuleSet set = parse(PACS + "rules:\n" + DEFAULT_RULE);

        assertEquals(1, set.rules().size());
        Rule rule = set.rules().get(0);
        assertEquals("default", rule.name());
        assertEquals("pass", rule.action());
        assertEquals(List.of("pacs"), rule.destinations());
        assertTrue(rule.isCatchAll());
        assertEquals(
                new Destination("pacs", "PACS", "127.0.0.1", 4242, Optional.empty()),
                set.destination("pacs").orElseThrow());
    }

    @Test
    void parse_fullExample_allMatchKeysAndOrder() {
        RuleSet set = parse(PACS + """
                  archive: {ae-title: ARCHIVE, host: archive.example.org, port: 104, calling-ae-title: DEBLUR2}
                rules:
                  - name: chest
                    description: chest films
                    match:
                      calling-ae-title: "XRAY*"
                      called-ae-title: [DEBLUR, "GW?"]
                      modality: [CR, DX]
                      sop-class-uid: 1.2.840.10008.5.1.4.1.1.1
                      body-part-examined: chest
                      series-description: "(?i)^pa\\\\b"
                      study-description: thorax
                    action: pass
                    destinations: [pacs, archive]
                  - name: junk
                    match: {modality: [SR, PR]}
                    action: drop
                """ + DEFAULT_RULE);

        assertEquals(
                List.of("chest", "junk", "default"),
                set.rules().stream().map(Rule::name).toList());
        assertEquals(7, set.rules().get(0).criteria().size());
        assertEquals(
                Optional.of("DEBLUR2"), set.destination("archive").orElseThrow().callingAeTitle());
        assertEquals(List.of("pacs", "archive"), set.rules().get(0).destinations());
    }

    @Test
    void parse_shippedRulesFile_valid() throws Exception {
        Path shipped = Path.of("..", "conf", "rules.yaml");
        RuleSet set = parser.load(shipped);

        assertTrue(set.rules().get(set.rules().size() - 1).isCatchAll());
        assertEquals(11113, set.destination("demo-pacs").orElseThrow().port());
    }

    @Test
    void parse_shippedDeblurExample_refusedNamingRuleAndAction() {
        List<String> problems = assertThrows(
                        RulesFileException.class, () -> parser.load(Path.of("..", "conf", "rules-example-deblur.yaml")))
                .problems();

        assertEquals(
                List.of("rule 'deblur-chest-xray': action 'deblur' is not available in this build "
                        + "(available: drop, pass)"),
                problems);
    }

    @Test
    void parse_deblurExampleWithDeblurActionPresent_acceptedWithOptions() throws Exception {
        RuleAction deblur = new RuleAction() {
            @Override
            public String name() {
                return "deblur";
            }

            @Override
            public Set<String> optionKeys() {
                return Set.of("model", "forward-original", "min-blur-score");
            }

            @Override
            public List<String> validate(Rule rule) {
                return rule.options().containsKey("model") ? List.of() : List.of("model: missing");
            }
        };
        RuleSet set = new RulesParser(List.of(new PassActionRoute(null, null), deblur))
                .load(Path.of("..", "conf", "rules-example-deblur.yaml"));

        Rule rule = set.rules().get(0);
        assertEquals("deblur", rule.action());
        assertEquals("rdsam-lite", rule.options().get("model"));
        assertEquals(Boolean.TRUE, rule.options().get("forward-original"));
    }

    @Test
    void load_missingFile_namesFileAndSetting(@TempDir Path temp) {
        RulesFileException e = assertThrows(RulesFileException.class, () -> parser.load(temp.resolve("nope.yaml")));

        assertTrue(e.getMessage().contains("nope.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("gateway.rules-file"), e.getMessage());
    }

    @Test
    void load_fileOnDisk_parsed(@TempDir Path temp) throws Exception {
        Path file = Files.writeString(temp.resolve("rules.yaml"), PACS + "rules:\n" + DEFAULT_RULE);

        assertEquals(1, parser.load(file).rules().size());
    }

    @Test
    void parse_notYaml_clearError() {
        assertProblem(problems("rules: [\n  - {name: x"), "not valid YAML");
    }

    @Test
    void parse_emptyFile_expectsMapping() {
        assertProblem(problems(""), "expected a mapping");
    }

    @Test
    void parse_duplicateYamlKey_rejected() {
        assertProblem(
                problems(PACS + "rules:\n" + "  - name: default\n    action: pass\n    action: drop\n"),
                "not valid YAML",
                "action");
    }

    @Test
    void parse_unknownTopLevelKey_named() {
        assertProblem(problems(PACS + "rulez: []\nrules:\n" + DEFAULT_RULE), "unknown top-level key 'rulez'");
    }

    @Test
    void parse_missingRules_needsDefault() {
        assertProblem(problems(PACS), "rules: missing");
    }

    @Test
    void parse_emptyRuleList_rejected() {
        assertProblem(problems(PACS + "rules: []\n"), "rules: expected a non-empty list");
    }

    @Test
    void parse_lastRuleHasMatch_missingDefaultNamed() {
        assertProblem(
                problems(PACS + "rules:\n  - name: only-ct\n    match: {modality: CT}\n    action: pass\n"
                        + "    destinations: [pacs]\n"),
                "rule 'only-ct'",
                "last rule must be a catch-all");
    }

    @Test
    void parse_catchAllBeforeLast_unreachableRulesNamed() {
        assertProblem(
                problems(PACS + "rules:\n  - name: early\n    action: pass\n    destinations: [pacs]\n"
                        + "  - name: ct\n    match: {modality: CT}\n    action: drop\n" + DEFAULT_RULE),
                "rule 'early'",
                "can never match");
    }

    @Test
    void parse_emptyMatchBlock_rejected() {
        assertProblem(
                problems(PACS + "rules:\n  - name: x\n    match: {}\n    action: drop\n" + DEFAULT_RULE),
                "rule 'x': match: expected a non-empty mapping");
    }

    @Test
    void parse_duplicateRuleNames_rejected() {
        assertProblem(
                problems(PACS + "rules:\n  - name: default\n    match: {modality: CT}\n    action: drop\n"
                        + DEFAULT_RULE),
                "rule 'default': name: duplicate");
    }

    @Test
    void parse_ruleWithoutName_labelledByPosition() {
        assertProblem(
                problems(PACS + "rules:\n  - match: {modality: CT}\n    action: drop\n" + DEFAULT_RULE),
                "rule #1: name: missing");
    }

    @Test
    void parse_badRuleName_rejected() {
        assertProblem(
                problems(PACS + "rules:\n  - name: 'my rule!'\n    action: pass\n    destinations: [pacs]\n"),
                "name: 'my rule!'");
    }

    @Test
    void parse_unknownAction_listsAvailable() {
        assertProblem(
                problems(PACS + "rules:\n  - name: x\n    match: {modality: CT}\n    action: forward\n" + DEFAULT_RULE),
                "rule 'x': action 'forward' is not available in this build (available: drop, pass)");
    }

    @Test
    void parse_missingAction_rejected() {
        assertProblem(
                problems(PACS + "rules:\n  - name: default\n    destinations: [pacs]\n"),
                "rule 'default': action: missing");
    }

    @Test
    void parse_unknownRuleKey_namedWithAllowedKeys() {
        assertProblem(
                problems(PACS + "rules:\n  - name: default\n    action: pass\n    destinations: [pacs]\n"
                        + "    model: rdsam-lite\n"),
                "rule 'default': unknown key 'model' for action 'pass'");
    }

    @Test
    void parse_unknownMatchKey_listsKnownKeys() {
        assertProblem(
                problems(PACS + "rules:\n  - name: x\n    match: {modalities: CT}\n    action: drop\n" + DEFAULT_RULE),
                "rule 'x': match.modalities: unknown match key",
                "body-part-examined");
    }

    @Test
    void parse_badRegex_namesRuleFieldAndPattern() {
        assertProblem(
                problems(PACS + "rules:\n  - name: x\n    match: {series-description: 'PA(('}\n" + "    action: drop\n"
                        + DEFAULT_RULE),
                "rule 'x': match.series-description: bad regular expression 'PA(('");
    }

    @Test
    void parse_aeTitleGlobTooLong_rejected() {
        assertProblem(
                problems(PACS + "rules:\n  - name: x\n    match: {calling-ae-title: ABCDEFGHIJKLMNOPQ}\n"
                        + "    action: drop\n" + DEFAULT_RULE),
                "match.calling-ae-title",
                "longer than 16");
    }

    @Test
    void parse_aeTitleGlobWithBackslash_rejected() {
        assertProblem(
                problems(PACS + "rules:\n  - name: x\n    match: {called-ae-title: 'A\\B'}\n" + "    action: drop\n"
                        + DEFAULT_RULE),
                "match.called-ae-title",
                "not allowed");
    }

    @Test
    void parse_badModalityCode_rejected() {
        assertProblem(
                problems(PACS + "rules:\n  - name: x\n    match: {modality: 'C-R'}\n    action: drop\n" + DEFAULT_RULE),
                "match.modality",
                "not a DICOM code string");
    }

    @Test
    void parse_badSopClassUid_rejected() {
        assertProblem(
                problems(PACS + "rules:\n  - name: x\n    match: {sop-class-uid: '1.2.abc'}\n" + "    action: drop\n"
                        + DEFAULT_RULE),
                "match.sop-class-uid",
                "not a UID");
    }

    @Test
    void parse_yamlBooleanAsMatchValue_askedToQuote() {
        assertProblem(
                problems(PACS + "rules:\n  - name: x\n    match: {body-part-examined: NO}\n" + "    action: drop\n"
                        + DEFAULT_RULE),
                "match.body-part-examined",
                "quote values");
    }

    @Test
    void parse_emptyMatchList_rejected() {
        assertProblem(
                problems(PACS + "rules:\n  - name: x\n    match: {modality: []}\n    action: drop\n" + DEFAULT_RULE),
                "match.modality: empty list");
    }

    @Test
    void parse_unknownDestination_listsDefined() {
        assertProblem(
                problems(PACS + "rules:\n  - name: default\n    action: pass\n    destinations: [pacz]\n"),
                "rule 'default': destinations: unknown destination 'pacz' (defined: pacs)");
    }

    @Test
    void parse_destinationListedTwice_rejected() {
        assertProblem(
                problems(PACS + "rules:\n  - name: default\n    action: pass\n    destinations: [pacs, pacs]\n"),
                "'pacs' is listed twice");
    }

    @Test
    void parse_destinationsNotAList_rejected() {
        assertProblem(
                problems(PACS + "rules:\n  - name: default\n    action: pass\n    destinations: pacs\n"),
                "destinations: expected a list");
    }

    @Test
    void parse_passWithoutDestinations_rejected() {
        assertProblem(
                problems(PACS + "rules:\n  - name: default\n    action: pass\n"),
                "rule 'default': destinations: action 'pass' needs at least one destination");
    }

    @Test
    void parse_dropWithDestinations_rejected() {
        assertProblem(
                problems(PACS + "rules:\n  - name: default\n    action: drop\n    destinations: [pacs]\n"),
                "rule 'default': destinations: action 'drop' sends nowhere");
    }

    @Test
    void parse_dropDefaultWithoutDestinationsBlock_valid() {
        RuleSet set = parse("rules:\n  - name: default\n    action: drop\n");

        assertEquals("drop", set.rules().get(0).action());
        assertTrue(set.destinations().isEmpty());
    }

    @Test
    void parse_destinationAeTitleTooLong_rejected() {
        assertProblem(
                problems("destinations:\n  pacs: {ae-title: ABCDEFGHIJKLMNOPQ, host: h, port: 104}\n" + "rules:\n"
                        + DEFAULT_RULE),
                "destination 'pacs': ae-title",
                "not a valid AE title");
    }

    @Test
    void parse_destinationMissingAeTitle_rejected() {
        assertProblem(
                problems("destinations:\n  pacs: {host: h, port: 104}\nrules:\n" + DEFAULT_RULE),
                "destination 'pacs': ae-title: missing");
    }

    @Test
    void parse_destinationBlankAeTitle_rejected() {
        assertProblem(
                problems("destinations:\n  pacs: {ae-title: '  ', host: h, port: 104}\nrules:\n" + DEFAULT_RULE),
                "destination 'pacs': ae-title");
    }

    @Test
    void parse_portOutOfRange_rejected() {
        assertProblem(
                problems("destinations:\n  pacs: {ae-title: PACS, host: h, port: 70000}\nrules:\n" + DEFAULT_RULE),
                "destination 'pacs': port: '70000' is not a TCP port");
    }

    @Test
    void parse_maxAssociations_limitOnTheDestination_noneWhenAbsent() {
        RuleSet set = parse(PACS + """
                  archive: {ae-title: ARCHIVE, host: 127.0.0.1, port: 104, max-associations: 2}
                rules:
                """ + DEFAULT_RULE);

        assertEquals(2, set.destination("archive").orElseThrow().maxAssociations());
        assertTrue(set.destination("archive").orElseThrow().limitsAssociations());
        assertEquals(
                Destination.NO_ASSOCIATION_LIMIT,
                set.destination("pacs").orElseThrow().maxAssociations());
    }

    @Test
    void parse_maxAssociationsZeroTextOrTooLarge_rejected() {
        for (String value : List.of("0", "'4'", "65", "-1")) {
            assertProblem(
                    problems("destinations:\n  pacs: {ae-title: PACS, host: h, port: 104, max-associations: " + value
                            + "}\nrules:\n" + DEFAULT_RULE),
                    "destination 'pacs': max-associations:",
                    "is not an integer 1-64");
        }
    }

    @Test
    void parse_portZero_rejected() {
        assertProblem(
                problems("destinations:\n  pacs: {ae-title: PACS, host: h, port: 0}\nrules:\n" + DEFAULT_RULE),
                "destination 'pacs': port");
    }

    @Test
    void parse_portAsText_rejected() {
        assertProblem(
                problems("destinations:\n  pacs: {ae-title: PACS, host: h, port: '104'}\nrules:\n" + DEFAULT_RULE),
                "destination 'pacs': port: '104' is not a TCP port");
    }

    @Test
    void parse_missingHost_rejected() {
        assertProblem(
                problems("destinations:\n  pacs: {ae-title: PACS, port: 104}\nrules:\n" + DEFAULT_RULE),
                "destination 'pacs': host: missing");
    }

    @Test
    void parse_hostWithSpace_rejected() {
        assertProblem(
                problems(
                        "destinations:\n  pacs: {ae-title: PACS, host: 'my host', port: 104}\nrules:\n" + DEFAULT_RULE),
                "destination 'pacs': host");
    }

    @Test
    void parse_unknownDestinationKey_named() {
        assertProblem(
                problems("destinations:\n  pacs: {ae-title: PACS, host: h, port: 104, secure: true}\n" + "rules:\n"
                        + DEFAULT_RULE),
                "destination 'pacs': unknown key 'secure'");
    }

    @Test
    void parse_destinationNameWithSlash_rejectedAsFolderName() {
        assertProblem(
                problems("destinations:\n  ../pacs: {ae-title: PACS, host: h, port: 104}\nrules:\n"
                        + "  - name: default\n    action: drop\n"),
                "destination '../pacs': name");
    }

    @Test
    void parse_invalidDestination_notReportedAgainByRules() {
        List<String> problems =
                problems("destinations:\n  pacs: {ae-title: PACS, host: h, port: 0}\nrules:\n" + DEFAULT_RULE);

        assertEquals(1, problems.size(), problems.toString());
    }

    @Test
    void parse_manyMistakes_allReportedAtOnce() {
        List<String> problems = problems("destinations:\n  pacs: {ae-title: PACS, host: h, port: 0}\n"
                + "rules:\n  - name: a\n    match: {modality: CT, foo: x}\n    action: nope\n"
                + "  - name: a\n    match: {modality: MR}\n    action: drop\n");

        assertTrue(problems.size() >= 5, problems.toString());
    }

    @Test
    void exceptionMessage_listsProblemsWithSource() {
        RulesFileException e = assertThrows(
                RulesFileException.class, () -> parse(PACS + "rules:\n  - name: default\n    action: pass\n"));

        assertTrue(e.getMessage().startsWith("rules file test.yaml is invalid (1 problem):"), e.getMessage());
    }
}
