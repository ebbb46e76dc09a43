package dev.gatehouse.inference.grammar;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The key of an extra (undeclared) property: any string except the declared names. The names form a trie; at each
 * node the key either follows a branch, leaves the trie with a character no branch starts with, or (unless the path
 * so far spells a declared name) ends. Extra keys are written without escapes, so a declared name can only be
 * matched by its plain spelling, and a name that needs escaping can never collide.
 */
final class ExtraKeys {
    private static final String KEY_CHARACTER_CLASS_START = "[^\"\\\\\\x00-\\x1F";

    private static final class Node {
        final Map<Integer, Node> children = new TreeMap<>();
        boolean declared;
    }

    private ExtraKeys() {
    }

    static String excluding(Collection<String> declaredNames, GrammarRules rules) {
        String keyChar = rules.shared(SharedRule.KEY_CHAR);
        Node root = new Node();
        for (String name : declaredNames) {
            if (name.codePoints().noneMatch(cp -> cp == '"' || cp == '\\' || cp < 0x20)) {
                Node node = root;
                for (int cp : name.codePoints().toArray()) {
                    node = node.children.computeIfAbsent(cp, key -> new Node());
                }
                node.declared = true;
            }
        }
        String quote = GbnfText.literal("\"");
        String content = root.children.isEmpty() && !root.declared ? keyChar + "*" : node(root, keyChar);
        return GbnfText.sequence(quote, content, quote);
    }

    private static String node(Node node, String keyChar) {
        StringBuilder alternatives = new StringBuilder("( ");
        StringBuilder elsewhere = new StringBuilder(KEY_CHARACTER_CLASS_START);
        for (Map.Entry<Integer, Node> child : node.children.entrySet()) {
            alternatives.append(GbnfText.literal(Character.toString(child.getKey()))).append(' ')
                    .append(node(child.getValue(), keyChar)).append(" | ");
            elsewhere.append(GbnfText.classMember(child.getKey()));
        }
        alternatives.append(elsewhere).append("] ").append(keyChar).append("* )");
        // ending here is allowed unless the characters so far spell a declared name
        return node.declared ? alternatives.toString() : alternatives + "?";
    }
}
