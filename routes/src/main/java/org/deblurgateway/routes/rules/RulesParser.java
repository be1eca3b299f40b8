package org.deblurgateway.routes.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.deblurgateway.dicom.AeTitles;
import org.deblurgateway.dicom.scu.Destination;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and validates the routing rules file. Every problem is collected and reported at once, each naming the rule
 * (or destination) and the field, so an operator can fix the file in one go.
 *
 * <p>Shape: {@code destinations:} name -> {ae-title, host, port, calling-ae-title?, tls?, max-associations?};
 * {@code rules:} list of
 * {name, match?, action, destinations?, description?, action options...}. First match wins; the last rule must be a
 * catch-all without {@code match}.
 */
public final class RulesParser {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\-\\[\\]%]+");
    /** More would only matter with more senders than any site runs; a typo like 1000 is caught. */
    private static final int MAX_ASSOCIATIONS = 64;

    private static final Set<String> TOP_KEYS = Set.of("destinations", "rules");
    private static final Set<String> DESTINATION_KEYS =
            Set.of("type", "ae-title", "host", "port", "calling-ae-title", "tls", "max-associations");
    private static final Set<String> RULE_KEYS = Set.of("name", "match", "action", "destinations", "description");

    private final Map<String, RuleAction> actions;
    private final boolean tlsDestinationsVerifiable;
    private final DicomWebDestinations dicomWebDestinations;

    /** A parser for a gateway whose TLS trust store is set (every {@code tls: true} destination can be verified). */
    public RulesParser(Collection<? extends RuleAction> actions) {
        this(actions, true);
    }

    /**
     * @param actions                   the actions available in this build (pass, drop, ...)
     * @param tlsDestinationsVerifiable whether a trust store is configured; without one a {@code tls: true}
     *                                  destination is a problem of the rules (at start and on every reload alike)
     */
    public RulesParser(Collection<? extends RuleAction> actions, boolean tlsDestinationsVerifiable) {
        Map<String, RuleAction> byName = new TreeMap<>();
        for (RuleAction action : actions) {
            byName.put(action.name(), action);
        }
        this.actions = byName;
        this.tlsDestinationsVerifiable = tlsDestinationsVerifiable;
        this.dicomWebDestinations = new DicomWebDestinations(System::getenv);
    }

    /** Reads and validates {@code file}. */
    public RuleSet load(Path file) {
        return parse(readText(file), file.toString());
    }

    /** The text of a rules file, or the problem that it cannot be read. */
    public static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new RulesFileException(
                    file.toString(),
                    List.of("file not found (absolute: " + file.toAbsolutePath() + "); set gateway.rules-file"));
        } catch (IOException e) {
            throw new RulesFileException(file.toString(), List.of("cannot read: " + e));
        }
    }

    /** Parses and validates YAML text; {@code source} names it in error messages. */
    public RuleSet parse(String yamlText, String source) {
        List<String> problems = new ArrayList<>();
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(20);
            root = new Yaml(new SafeConstructor(options)).load(yamlText);
        } catch (YAMLException e) {
            throw new RulesFileException(
                    source, List.of("not valid YAML: " + e.getMessage().replace('\n', ' ')));
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new RulesFileException(
                    source,
                    List.of("expected a mapping with 'destinations' and 'rules' at the " + "top level, found "
                            + describe(root)));
        }
        for (Object key : top.keySet()) {
            if (!TOP_KEYS.contains(String.valueOf(key))) {
                problems.add("unknown top-level key '" + key + "' (expected: destinations, rules)");
            }
        }
        Map<String, Destination> destinations = parseDestinations(top.get("destinations"), problems);
        List<Rule> rules = parseRules(top.get("rules"), destinations, problems);
        if (!problems.isEmpty()) {
            throw new RulesFileException(source, problems);
        }
        return new RuleSet(destinations, rules);
    }

    private Map<String, Destination> parseDestinations(Object node, List<String> problems) {
        Map<String, Destination> destinations = new LinkedHashMap<>();
        if (node == null) {
            return destinations;
        }
        if (!(node instanceof Map<?, ?> map)) {
            problems.add("destinations: expected a mapping of name -> {ae-title, host, port}, found " + describe(node));
            return destinations;
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            String label = "destination '" + name + "'";
            if (!NAME.matcher(name).matches()) {
                problems.add(label + ": name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter "
                        + "or digit (it names a folder)");
                continue;
            }
            if (!(entry.getValue() instanceof Map<?, ?> fields)) {
                problems.add(label + ": expected {ae-title, host, port}, found " + describe(entry.getValue()));
                continue;
            }
            Object type = fields.get("type");
            if ("dicomweb".equals(type)) {
                // Keep the name known (null) when it has problems, so rules that use it are not reported twice.
                destinations.put(name, dicomWebDestinations.parse(name, fields, label, problems));
                continue;
            }
            int before = problems.size();
            if (type != null && !"dicom".equals(type)) {
                problems.add(label + ": type: '" + type + "' is not dicom or dicomweb");
            }
            for (Object key : fields.keySet()) {
                if (!DESTINATION_KEYS.contains(String.valueOf(key))) {
                    problems.add(label + ": unknown key '" + key + "' (expected: ae-title, host, port, "
                            + "calling-ae-title, tls, max-associations; or type: dicomweb with url, auth)");
                }
            }
            String aeTitle = aeTitle(fields.get("ae-title"), label + ": ae-title", true, problems);
            Optional<String> callingAe = Optional.ofNullable(
                    aeTitle(fields.get("calling-ae-title"), label + ": calling-ae-title", false, problems));
            Object host = fields.get("host");
            if (host == null) {
                problems.add(label + ": host: missing");
            } else if (!(host instanceof String hostText)
                    || !HOST.matcher(hostText).matches()) {
                problems.add(label + ": host: '" + host + "' is not a host name or address");
            }
            Object port = fields.get("port");
            if (port == null) {
                problems.add(label + ": port: missing");
            } else if (!(port instanceof Integer number) || number < 1 || number > 65535) {
                problems.add(label + ": port: '" + port + "' is not a TCP port (an integer 1-65535)");
            }
            Object tls = fields.get("tls");
            if (tls != null && !(tls instanceof Boolean)) {
                problems.add(label + ": tls: '" + tls + "' is not true or false");
            } else if (Boolean.TRUE.equals(tls) && !tlsDestinationsVerifiable) {
                problems.add(label + ": tls: true but gateway.dicom.tls.trust-store is not set (the trust store "
                        + "verifies the destination)");
            }
            Object maxAssociations = fields.get("max-associations");
            if (maxAssociations != null
                    && (!(maxAssociations instanceof Integer limit) || limit < 1 || limit > MAX_ASSOCIATIONS)) {
                problems.add(label + ": max-associations: '" + maxAssociations + "' is not an integer 1-"
                        + MAX_ASSOCIATIONS);
            }
            if (problems.size() == before) {
                destinations.put(
                        name,
                        new Destination(
                                name,
                                aeTitle,
                                (String) host,
                                (Integer) port,
                                callingAe,
                                Boolean.TRUE.equals(tls),
                                Optional.empty(),
                                maxAssociations == null
                                        ? Destination.NO_ASSOCIATION_LIMIT
                                        : (Integer) maxAssociations));
            } else {
                // Keep the name known so rules that use it are not reported a second time.
                destinations.put(name, null);
            }
        }
        return destinations;
    }

    private static String aeTitle(Object value, String field, boolean required, List<String> problems) {
        if (value == null) {
            if (required) {
                problems.add(field + ": missing");
            }
            return null;
        }
        if (!(value instanceof String text) || !AeTitles.isValid(text)) {
            problems.add(field + ": '" + value + "' is not a valid AE title (" + AeTitles.RULE + ")");
            return null;
        }
        return text.trim();
    }

    private List<Rule> parseRules(Object node, Map<String, Destination> destinations, List<String> problems) {
        List<Rule> rules = new ArrayList<>();
        if (node == null) {
            problems.add("rules: missing; at least a catch-all default rule is needed");
            return rules;
        }
        if (!(node instanceof List<?> list) || list.isEmpty()) {
            problems.add("rules: expected a non-empty list of rules, found " + describe(node));
            return rules;
        }
        Set<String> names = new LinkedHashSet<>();
        List<String> ruleLabels = new ArrayList<>();
        List<Boolean> catchAll = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            String label = "rule #" + (i + 1);
            if (!(item instanceof Map<?, ?> fields)) {
                problems.add(label + ": expected a mapping with name, action, ..., found " + describe(item));
                ruleLabels.add(label);
                catchAll.add(false);
                continue;
            }
            Object nameValue = fields.get("name");
            String name = null;
            if (nameValue == null) {
                problems.add(label + ": name: missing");
            } else if (!(nameValue instanceof String text)
                    || !NAME.matcher(text).matches()) {
                problems.add(label + ": name: '" + nameValue + "' must be 1-64 letters, digits, '.', '_' or '-'");
            } else {
                name = text;
                label = "rule '" + name + "'";
                if (!names.add(name)) {
                    problems.add(label + ": name: duplicate rule name");
                }
            }
            ruleLabels.add(label);
            Rule rule = parseRule(fields, name, label, destinations, problems);
            catchAll.add(!fields.containsKey("match"));
            if (rule != null) {
                rules.add(rule);
            }
        }
        int last = catchAll.size() - 1;
        for (int i = 0; i < last; i++) {
            if (catchAll.get(i)) {
                problems.add(ruleLabels.get(i) + ": has no match block, so it matches everything and the " + (last - i)
                        + " rule(s) after it can never match; add a match block or make it the last rule");
            }
        }
        if (!catchAll.get(last)) {
            problems.add(ruleLabels.get(last) + ": the last rule must be a catch-all default without 'match', so "
                    + "every object has a defined action (add e.g. '- {name: default, action: pass, destinations: "
                    + "[...]}' at the end)");
        }
        return rules;
    }

    private Rule parseRule(
            Map<?, ?> fields, String name, String label, Map<String, Destination> destinations, List<String> problems) {
        int before = problems.size();
        Object actionValue = fields.get("action");
        RuleAction action = null;
        if (actionValue == null) {
            problems.add(label + ": action: missing (available: " + String.join(", ", actions.keySet()) + ")");
        } else if (!(actionValue instanceof String actionName) || !actions.containsKey(actionName)) {
            problems.add(label + ": action '" + actionValue + "' is not available in this build (available: "
                    + String.join(", ", actions.keySet()) + ")");
        } else {
            action = actions.get(actionName);
        }

        Map<String, Object> options = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : fields.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (RULE_KEYS.contains(key)) {
                continue;
            }
            if (action != null && action.optionKeys().contains(key)) {
                options.put(key, entry.getValue());
            } else if (action != null) {
                Set<String> allowed = new LinkedHashSet<>(RULE_KEYS);
                allowed.addAll(action.optionKeys());
                problems.add(label + ": unknown key '" + key + "' for action '" + action.name() + "' (allowed: "
                        + String.join(", ", allowed) + ")");
            }
            // With an unavailable action its own keys cannot be judged; the action problem is reported instead.
        }

        Object description = fields.get("description");
        if (description != null && !(description instanceof String)) {
            problems.add(label + ": description: expected text, found " + describe(description));
        }

        List<Criterion> criteria =
                fields.containsKey("match") ? parseMatch(fields.get("match"), label, problems) : List.of();
        List<String> ruleDestinations =
                parseRuleDestinations(fields.get("destinations"), label, destinations, problems);

        if (problems.size() > before || name == null || action == null) {
            return null;
        }
        Rule rule = new Rule(name, criteria, action.name(), ruleDestinations, options);
        for (String problem : action.validate(rule)) {
            problems.add(label + ": " + problem);
        }
        return rule;
    }

    private static List<Criterion> parseMatch(Object node, String label, List<String> problems) {
        List<Criterion> criteria = new ArrayList<>();
        if (!(node instanceof Map<?, ?> match) || match.isEmpty()) {
            problems.add(label + ": match: expected a non-empty mapping of keys to patterns (leave 'match' out "
                    + "for a catch-all rule), found " + describe(node));
            return criteria;
        }
        for (Map.Entry<?, ?> entry : match.entrySet()) {
            String keyName = String.valueOf(entry.getKey());
            String field = label + ": match." + keyName;
            MatchKey key = MatchKey.forYamlName(keyName);
            if (key == null) {
                List<String> known = new ArrayList<>();
                for (MatchKey candidate : MatchKey.values()) {
                    known.add(candidate.yamlName());
                }
                problems.add(field + ": unknown match key (known: " + String.join(", ", known) + ")");
                continue;
            }
            List<String> patterns = textList(entry.getValue(), field, problems);
            if (patterns == null) {
                continue;
            }
            List<Predicate<String>> tests = new ArrayList<>();
            for (String pattern : patterns) {
                try {
                    tests.add(key.compile(pattern));
                } catch (IllegalArgumentException e) {
                    problems.add(field + ": " + e.getMessage());
                }
            }
            if (tests.size() == patterns.size()) {
                criteria.add(new Criterion(key, patterns, tests));
            }
        }
        return criteria;
    }

    /** A text value or a non-empty list of text values; YAML 1.1 turns unquoted ON/NO/YES into booleans. */
    private static List<String> textList(Object value, String field, List<String> problems) {
        List<?> items = value instanceof List<?> list ? list : Collections.singletonList(value);
        if (items.isEmpty()) {
            problems.add(field + ": empty list; give at least one pattern");
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String text) || text.isEmpty()) {
                problems.add(field + ": expected text or a list of text, found " + describe(item)
                        + " (quote values such as \"ON\", \"NO\", \"YES\" or numbers)");
                return null;
            }
            texts.add(text);
        }
        return texts;
    }

    private static List<String> parseRuleDestinations(
            Object node, String label, Map<String, Destination> known, List<String> problems) {
        List<String> names = new ArrayList<>();
        if (node == null) {
            return names;
        }
        if (!(node instanceof List<?> list)) {
            problems.add(label + ": destinations: expected a list of destination names, e.g. [pacs], found "
                    + describe(node));
            return names;
        }
        for (Object item : list) {
            String name = String.valueOf(item);
            if (!(item instanceof String)) {
                problems.add(label + ": destinations: expected a destination name, found " + describe(item));
            } else if (!known.containsKey(name)) {
                problems.add(label + ": destinations: unknown destination '" + name + "' (defined: "
                        + (known.isEmpty() ? "none" : String.join(", ", known.keySet())) + ")");
            } else if (names.contains(name)) {
                problems.add(label + ": destinations: '" + name + "' is listed twice");
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " '" + value + "'";
    }
}
