package dev.gatehouse.inference.grammar;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The rules of one grammar under construction. Names come from hints (the schema path) made unique; a body defined
 * twice is stored once, so identical sub-schemas share a rule. Rendering puts {@code root} first, one rule per line.
 */
final class GrammarRules {
    static final String ROOT = "root";

    private final Map<String, String> bodies = new LinkedHashMap<>();
    private final Map<String, String> nameOfBody = new HashMap<>();
    private final Set<String> taken = new HashSet<>();

    GrammarRules() {
        taken.add(ROOT);
        for (SharedRule rule : SharedRule.values()) {
            taken.add(rule.ruleName);
        }
    }

    /** Adds a shared rule (and the shared rules it uses) once; returns its name. */
    String shared(SharedRule rule) {
        if (!bodies.containsKey(rule.ruleName)) {
            bodies.put(rule.ruleName, rule.body);
            rule.uses().forEach(this::shared);
        }
        return rule.ruleName;
    }

    /** Defines a rule named after {@code hint}, or returns the rule that already has this exact body. */
    String define(String hint, String body) {
        String existing = nameOfBody.get(body);
        if (existing != null) {
            return existing;
        }
        String name = unique(hint);
        bodies.put(name, body);
        nameOfBody.put(body, name);
        return name;
    }

    /**
     * The expression itself when it is already a single rule name, otherwise a new rule holding it. Naming
     * sub-expressions keeps lines short and keeps repetitions cheap in llama.cpp, which copies a repeated group once
     * per allowed repetition but a rule reference only as one symbol.
     */
    String named(String hint, String expression) {
        return isRuleName(expression) ? expression : define(hint, expression);
    }

    /** Claims a name whose body is given later: how recursive $ref targets refer to themselves. */
    String reserve(String hint) {
        String name = hint.equals(ROOT) && !bodies.containsKey(ROOT) ? ROOT : unique(hint);
        taken.add(name);
        bodies.put(name, null);
        return name;
    }

    void fill(String name, String body) {
        bodies.put(name, body);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append(ROOT).append(" ::= ").append(bodies.get(ROOT)).append('\n');
        bodies.forEach((name, body) -> {
            if (!name.equals(ROOT)) {
                out.append(name).append(" ::= ").append(body).append('\n');
            }
        });
        return out.toString();
    }

    private String unique(String hint) {
        String base = sanitize(hint);
        String name = base;
        for (int n = 2; taken.contains(name); n++) {
            name = base + "-" + n;
        }
        taken.add(name);
        return name;
    }

    /** GBNF names allow letters, digits and dashes only. */
    static String sanitize(String hint) {
        String name = hint.replaceAll("[^A-Za-z0-9-]+", "-").replaceAll("-{2,}", "-");
        return name.isEmpty() || name.equals("-") ? "rule" : name;
    }

    private static boolean isRuleName(String expression) {
        return expression.matches("[A-Za-z0-9-]+");
    }
}
