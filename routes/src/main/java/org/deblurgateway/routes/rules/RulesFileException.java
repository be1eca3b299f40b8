package org.deblurgateway.routes.rules;

import java.util.List;

/** The rules file cannot be used; the message lists every problem, each naming the rule and field. */
public final class RulesFileException extends RuntimeException {

    private final transient List<String> problems;

    public RulesFileException(String source, List<String> problems) {
        super("rules file " + source + " is invalid (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
