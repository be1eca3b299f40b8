package org.deblurgateway.routes.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deblurgateway.dicom.scu.Destination;

/** The validated rules file: named destinations and the ordered rules, the last one a catch-all. */
public record RuleSet(Map<String, Destination> destinations, List<Rule> rules) {

    public RuleSet {
        destinations = Map.copyOf(destinations);
        rules = List.copyOf(rules);
        if (rules.isEmpty() || !rules.get(rules.size() - 1).isCatchAll()) {
            throw new IllegalArgumentException("a rule set needs a catch-all rule at the end");
        }
    }

    /** The first rule that matches; never null, because the last rule matches everything. */
    public Rule firstMatch(ObjectAttributes object) {
        for (Rule rule : rules) {
            if (rule.matches(object)) {
                return rule;
            }
        }
        throw new IllegalStateException("unreachable: the last rule is a catch-all");
    }

    public Optional<Destination> destination(String name) {
        return Optional.ofNullable(name == null ? null : destinations.get(name));
    }
}
