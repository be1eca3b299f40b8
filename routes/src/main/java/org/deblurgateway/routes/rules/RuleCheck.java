package org.deblurgateway.routes.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * How one rule judged one object in a dry run.
 *
 * @param criterion for a rule that did not match: the match key of its first criterion that failed; else null
 * @param value     that key's value in the object (null: the object has none)
 * @param patterns  that criterion's patterns
 * @param held      for the matching rule: each criterion that held, in words
 */
public record RuleCheck(
        String rule,
        String action,
        Verdict verdict,
        String criterion,
        String value,
        List<String> patterns,
        List<String> held) {

    /** Where a rule stands for the object. */
    public enum Verdict {
        /** The first rule that matches: its action runs. */
        MATCHED,
        /** An earlier rule than the matching one, with the criterion that failed. */
        NOT_MATCHED,
        /** After the matching rule: never looked at. */
        NOT_REACHED
    }

    /** Every rule of {@code ruleSet} in order, as the rules step would judge {@code object}. */
    public static List<RuleCheck> trace(RuleSet ruleSet, ObjectAttributes object) {
        List<RuleCheck> checks = new ArrayList<>();
        boolean matched = false;
        for (Rule rule : ruleSet.rules()) {
            if (matched) {
                checks.add(new RuleCheck(
                        rule.name(), rule.action(), Verdict.NOT_REACHED, null, null, List.of(), List.of()));
                continue;
            }
            Criterion failed = rule.criteria().stream()
                    .filter(c -> !c.matches(object))
                    .findFirst()
                    .orElse(null);
            if (failed == null) {
                matched = true;
                List<String> held = rule.criteria().stream()
                        .map(c -> c.key().yamlName() + " '" + c.key().valueOf(object) + "' in " + c.patterns())
                        .toList();
                checks.add(new RuleCheck(rule.name(), rule.action(), Verdict.MATCHED, null, null, List.of(), held));
            } else {
                checks.add(new RuleCheck(
                        rule.name(),
                        rule.action(),
                        Verdict.NOT_MATCHED,
                        failed.key().yamlName(),
                        failed.key().valueOf(object),
                        failed.patterns(),
                        List.of()));
            }
        }
        return checks;
    }
}
