package org.deblurgateway.routes.rules;

import java.util.List;
import java.util.Set;

/**
 * An action a rule can name. Each implementation is also the Camel route {@code direct:action-<name>}; adding an
 * action (e.g. deblur) means adding one more bean of this type, nothing else changes.
 */
public interface RuleAction {

    /** The name rules use in {@code action:}. */
    String name();

    /** Extra keys this action accepts on a rule (e.g. {@code model}); any other unknown key is an error. */
    default Set<String> optionKeys() {
        return Set.of();
    }

    /**
     * Checks a rule that uses this action; returns problems as "field: message" texts (empty when fine).
     * Destination names have already been checked against the destinations block.
     */
    List<String> validate(Rule rule);
}
