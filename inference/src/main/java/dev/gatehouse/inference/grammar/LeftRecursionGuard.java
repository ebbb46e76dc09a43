package dev.gatehouse.inference.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Detects {@code $ref} cycles that produce no JSON text before coming back, such as
 * {@code {"anyOf": [{"$ref": "#"}, ...]}}. They would become left-recursive rules, which llama.cpp refuses to load;
 * recursion through an object or array (the usual tree schema) is fine because a bracket comes first.
 */
final class LeftRecursionGuard {
    private record Edge(String to, String path) {
    }

    private final Map<String, List<Edge>> edges = new HashMap<>();

    /** Records that the rule for {@code from} may start with the rule for {@code to}; {@code path} is the $ref. */
    void startsWith(String from, String to, String path) {
        edges.computeIfAbsent(from, key -> new ArrayList<>()).add(new Edge(to, path));
    }

    void check() {
        Set<String> done = new HashSet<>();
        for (String start : edges.keySet()) {
            visit(start, new HashSet<>(), done);
        }
    }

    private void visit(String node, Set<String> onPath, Set<String> done) {
        if (done.contains(node)) {
            return;
        }
        onPath.add(node);
        for (Edge edge : edges.getOrDefault(node, List.of())) {
            if (onPath.contains(edge.to())) {
                throw new UnsupportedSchemaException(edge.path(), "$ref",
                        "'#" + edge.to() + "' refers back to itself before any JSON text is produced"
                                + " (left recursion); wrap the recursion in an object or array");
            }
            visit(edge.to(), onPath, done);
        }
        onPath.remove(node);
        done.add(node);
    }
}
