package org.deblurgateway.model.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parsed arguments of one sub-command: positional arguments and {@code --name value} options, checked against the
 * option names the command knows.
 */
final class CliArgs {

    private final List<String> positional;
    private final Map<String, String> options;

    private CliArgs(List<String> positional, Map<String, String> options) {
        this.positional = positional;
        this.options = options;
    }

    static CliArgs parse(List<String> args, Set<String> known) throws UsageException {
        List<String> pos = new ArrayList<>();
        Map<String, String> opts = new LinkedHashMap<>();
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
        return new CliArgs(pos, opts);
    }

    List<String> positional() {
        return positional;
    }

    void expectPositional(int n, String what) throws UsageException {
        if (positional.size() != n) {
            throw new UsageException("expected " + what + ", got " + positional.size() + " argument(s)");
        }
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
