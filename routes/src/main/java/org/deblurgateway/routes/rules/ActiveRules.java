package org.deblurgateway.routes.rules;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The one home of the rule set in force. Readers take one snapshot per object ({@link #ruleSet()} once, then use
 * that), so a swap between two reads can never mix two versions for one object; {@link RulesReload} is the only
 * writer.
 */
public final class ActiveRules {

    private final AtomicReference<RulesVersion> current;

    public ActiveRules(RulesVersion initial) {
        this.current = new AtomicReference<>(initial);
    }

    /** The version in force now. */
    public RulesVersion version() {
        return current.get();
    }

    /** The rule set in force now. */
    public RuleSet ruleSet() {
        return current.get().ruleSet();
    }

    /** Puts {@code next} in force; returns the version it replaced. */
    RulesVersion swap(RulesVersion next) {
        return current.getAndSet(next);
    }
}
