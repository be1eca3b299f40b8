package org.deblurgateway.routes.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.deblurgateway.routes.actions.DropActionRoute;
import org.deblurgateway.routes.actions.PassActionRoute;
import org.deblurgateway.routes.rules.RuleCheck.Verdict;
import org.junit.jupiter.api.Test;

/** The dry run's account: the matching rule, and for each earlier rule its first failing criterion and value. */
class RuleCheckTest {

    private static final RuleSet RULES = new RulesParser(
                    List.of(new PassActionRoute(null, null), new DropActionRoute(null, null)))
            .parse("""
            destinations:
              pacs: {ae-title: PACS, host: 127.0.0.1, port: 4242}
            rules:
              - name: chest-xray
                match: {modality: [CR, DX], body-part-examined: CHEST}
                action: drop
              - name: from-ct
                match: {calling-ae-title: "CT*"}
                action: drop
              - name: cr
                match: {modality: CR}
                action: pass
                destinations: [pacs]
              - name: default
                action: pass
                destinations: [pacs]
            """, "test");

    @Test
    void trace_crWithoutBodyPart_failuresNamedThenMatchThenNotReached() {
        List<RuleCheck> checks = RuleCheck.trace(
                RULES, new ObjectAttributes("XRAY1", "DEBLUR", "CR", "1.2.840.10008.5.1.4.1.1.1", null, "PA", null));

        assertEquals(
                List.of(Verdict.NOT_MATCHED, Verdict.NOT_MATCHED, Verdict.MATCHED, Verdict.NOT_REACHED),
                checks.stream().map(RuleCheck::verdict).toList());
        RuleCheck chest = checks.get(0);
        assertEquals("body-part-examined", chest.criterion());
        assertNull(chest.value(), "the object has no Body Part Examined");
        assertEquals(List.of("CHEST"), chest.patterns());
        RuleCheck fromCt = checks.get(1);
        assertEquals("calling-ae-title", fromCt.criterion());
        assertEquals("XRAY1", fromCt.value());
        assertEquals(List.of("modality 'CR' in [CR]"), checks.get(2).held());
    }
}
