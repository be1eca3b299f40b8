package org.deblurgateway.routes.rules;

import java.util.List;
import java.util.function.Predicate;

/**
 * One key of a rule's match block: the object's attribute must match at least one of the patterns. An object without
 * that attribute does not match.
 */
public record Criterion(MatchKey key, List<String> patterns, List<Predicate<String>> tests) {

    public Criterion {
        patterns = List.copyOf(patterns);
        tests = List.copyOf(tests);
    }

    boolean matches(ObjectAttributes object) {
        String value = key.valueOf(object);
        if (value == null) {
            return false;
        }
        for (Predicate<String> test : tests) {
            if (test.test(value)) {
                return true;
            }
        }
        return false;
    }
}
