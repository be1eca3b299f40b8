package org.deblurgateway.routes.rules;

import java.util.List;
import java.util.Map;

/**
 * One routing rule: when every criterion matches (an empty list matches everything), the action runs with the rule's
 * destinations and options.
 *
 * @param name         unique rule name (logged and put on messages)
 * @param criteria     the match block, AND-ed; empty for the catch-all default rule
 * @param action       name of the action route ({@code direct:action-<action>})
 * @param destinations destination names, in file order
 * @param options      action-specific keys (e.g. {@code model} for deblur), as read from YAML
 */
public record Rule(
        String name, List<Criterion> criteria, String action, List<String> destinations, Map<String, Object> options) {

    public Rule {
        criteria = List.copyOf(criteria);
        destinations = List.copyOf(destinations);
        options = Map.copyOf(options);
    }

    public boolean isCatchAll() {
        return criteria.isEmpty();
    }

    public boolean matches(ObjectAttributes object) {
        for (Criterion criterion : criteria) {
            if (!criterion.matches(object)) {
                return false;
            }
        }
        return true;
    }
}
