package org.deblurgateway.model.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parsed arguments of one sub-command: positional arguments, {@code --name value} options and {@code --name} flags
 * (no value), checked against the names the command knows.
 */
final class CliArgs {

    private final List<String> positional;
    private final Map<String, String> options;
    private final Set<String> flags;

    private CliArgs(List<String> positional, Map<String, String> options, Set<String> flags) {
        this.positional = positional;
        this.options = options;
        this.flags = flags;
    }

    static CliArgs parse(List<String> args, Set<String> known) throws UsageException {
        return parse(args, known, Set.of());
    }

    /**
     * @param known      options that take a value
     * @param knownFlags options that take none
     */
    static CliArgs parse(List<String> args, Set<String> known, Set<String> knownFlags) throws UsageException {
        List<String> pos = new ArrayList<>();
        Map<String, String> opts = new LinkedHashMap<>();
        Set<String> given = new LinkedHashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (knownFlags.contains(name)) {
                    if (value != null) {
                        throw new UsageException("option --" + name + " takes no value");
                    }
                    if (!given.add(name)) {
                        throw new UsageException("option --" + name + " given twice");
                    }
                    continue;
                }
                if (!known.contains(name)) {
                    throw new UsageException("unknown option --" + name);
                }
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (opts.put(name, value) != null) {
                    throw new UsageException("option --" + name + " given twice");
                }
            } else {
                pos.add(a);
            }
        }
        return new CliArgs(pos, opts, given);
    }

    List<String> positional() {
        return positional;
    }

    void expectPositional(int n, String what) throws UsageException {
        if (positional.size() != n) {
            throw new UsageException("expected " + what + ", got " + positional.size() + " argument(s)");
        }
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    int intOption(String name, int fallback, int min) throws UsageException {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min) {
                throw new UsageException("--" + name + " must be >= " + min + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, not '" + v + "'");
        }
    }

    long longOption(String name, long fallback) throws UsageException {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, not '" + v + "'");
        }
    }
}
