package org.deblurgateway.routes.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Why the routing rules chose a rule for an object, in words for the console's trail: which criteria of the chosen
 * rule held, and for each earlier rule the first criterion that did not. Attribute values may be descriptions of a
 * study: this text goes to the trail, never to the log.
 */
public final class MatchExplanation {

    private MatchExplanation() {}

    public static String of(RuleSet ruleSet, ObjectAttributes object, Rule chosen) {
        List<String> parts = new ArrayList<>();
        for (Rule rule : ruleSet.rules()) {
            if (rule == chosen) {
                parts.add(
                        rule.isCatchAll()
                                ? "'" + rule.name() + "' matches everything (no match block)"
                                : "'" + rule.name() + "' matches: " + String.join(", ", held(rule, object)));
                break;
            }
            parts.add("'" + rule.name() + "' not: " + firstFailure(rule, object));
        }
        return String.join("; ", parts);
    }

    private static List<String> held(Rule rule, ObjectAttributes object) {
        List<String> held = new ArrayList<>();
        for (Criterion criterion : rule.criteria()) {
            held.add(criterion.key().yamlName() + " '" + criterion.key().valueOf(object) + "' in "
                    + criterion.patterns());
        }
        return held;
    }

    private static String firstFailure(Rule rule, ObjectAttributes object) {
        for (Criterion criterion : rule.criteria()) {
            if (!criterion.matches(object)) {
                String value = criterion.key().valueOf(object);
                return criterion.key().yamlName()
                        + (value == null ? " absent" : " '" + value + "' not in " + criterion.patterns());
            }
        }
        return "no criterion failed";
    }
}
