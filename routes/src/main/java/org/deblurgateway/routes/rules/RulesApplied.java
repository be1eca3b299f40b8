package org.deblurgateway.routes.rules;

import java.util.ArrayList;
import java.util.List;

/** A new rules version came into force ({@code previous} is the one it replaced); fired after the swap. */
public record RulesApplied(RulesVersion version, RulesVersion previous) {

    /**
     * Destinations the previous version had and this one has not: sends still waiting for them are dead-lettered
     * with the reason "not in the rules file (any more)" when their turn comes.
     */
    public List<String> removedDestinations() {
        List<String> removed = new ArrayList<>();
        for (String name : previous.ruleSet().destinations().keySet()) {
            if (!version.ruleSet().destinations().containsKey(name)) {
                removed.add(name);
            }
        }
        return removed.stream().sorted().toList();
    }
}
