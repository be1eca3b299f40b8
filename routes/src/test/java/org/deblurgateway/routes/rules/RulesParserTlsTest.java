package org.deblurgateway.routes.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deblurgateway.routes.actions.DropActionRoute;
import org.deblurgateway.routes.actions.PassActionRoute;
import org.junit.jupiter.api.Test;

/** A destination's {@code tls} key: true or false, anything else named as the mistake. */
class RulesParserTlsTest {

    private static final String RULES = "rules:\n  - name: default\n    action: pass\n    destinations: [pacs]\n";

    private final RulesParser parser =
            new RulesParser(List.of(new PassActionRoute(null, null), new DropActionRoute(null, null)));

    private RuleSet parse(String destination) {
        return parser.parse("destinations:\n  pacs: " + destination + "\n" + RULES, "test.yaml");
    }

    @Test
    void parse_tlsTrue_tlsDestination() {
        assertTrue(parse("{ae-title: PACS, host: pacs.example.org, port: 2762, tls: true}")
                .destination("pacs")
                .orElseThrow()
                .tls());
    }

    @Test
    void parse_tlsFalseOrAbsent_plainDestination() {
        assertFalse(parse("{ae-title: PACS, host: 127.0.0.1, port: 104, tls: false}")
                .destination("pacs")
                .orElseThrow()
                .tls());
        assertFalse(parse("{ae-title: PACS, host: 127.0.0.1, port: 104}")
                .destination("pacs")
                .orElseThrow()
                .tls());
    }

    @Test
    void parse_tlsNotBoolean_problemNamesDestinationAndField() {
        RulesFileException e = assertThrows(
                RulesFileException.class,
                () -> parse("{ae-title: PACS, host: 127.0.0.1, port: 104, tls: \"yes please\"}"));
        assertEquals(List.of("destination 'pacs': tls: 'yes please' is not true or false"), e.problems());
    }

    @Test
    void parse_tlsTrueWithoutTrustStore_problemOnStartAndReloadAlike() {
        RulesParser withoutTrustStore =
                new RulesParser(List.of(new PassActionRoute(null, null), new DropActionRoute(null, null)), false);
        RulesFileException e = assertThrows(
                RulesFileException.class,
                () -> withoutTrustStore.parse(
                        "destinations:\n  pacs: {ae-title: PACS, host: 127.0.0.1, port: 2762, tls: true}\n" + RULES,
                        "test.yaml"));
        assertEquals(
                List.of("destination 'pacs': tls: true but gateway.dicom.tls.trust-store is not set (the trust "
                        + "store verifies the destination)"),
                e.problems());
        assertFalse(withoutTrustStore
                .parse("destinations:\n  pacs: {ae-title: PACS, host: 127.0.0.1, port: 104}\n" + RULES, "test.yaml")
                .destination("pacs")
                .orElseThrow()
                .tls());
    }
}
