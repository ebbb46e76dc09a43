package dev.gatehouse.inference.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps} as Hugging Face's {@code tojson} calls it: non-ASCII kept (ensure_ascii off), keys in
 * insertion order, separators {@code ", "} and {@code ": "} without indent and {@code ","} and {@code ": "} with it.
 * Prompts must match what the model was trained on byte for byte, so spacing matters here.
 */
record PyJson(String indent, String itemSeparator, String keySeparator, boolean ensureAscii, boolean sortKeys) {

    static PyJson fromArguments(Arguments args) {
        Object indentArg = args.get(0, "indent", null);
        String indent = switch (indentArg) {
            case null -> null;
            case Undefined u -> null;
            case Long n -> " ".repeat((int) Math.max(0, n));
            case String s -> s;
            default -> throw new TemplateError("tojson indent must be an integer or string, got "
                    + PyValue.typeName(indentArg));
        };
        String item = indent == null ? ", " : ",";
        String key = ": ";
        Object separators = args.get(-1, "separators", null);
        if (separators instanceof List<?> pair && pair.size() == 2
                && pair.get(0) instanceof String a && pair.get(1) instanceof String b) {
            item = a;
            key = b;
        } else if (separators != null && !(separators instanceof Undefined)) {
            throw new TemplateError("tojson separators must be a pair of strings, got " + PyText.repr(separators));
        }
        return new PyJson(indent, item, key, args.flag(-1, "ensure_ascii", false), args.flag(-1, "sort_keys", false));
    }

    String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, 0, out);
        return out.toString();
    }

    private void write(Object v, int depth, StringBuilder out) {
        switch (v) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case Long l -> out.append(l);
            case Double d -> out.append(Double.isNaN(d) ? "NaN"
                    : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : PyText.floatRepr(d));
            case String s -> string(s, out);
            case List<?> l -> {
                if (l.isEmpty()) {
                    out.append("[]");
                    return;
                }
                out.append('[');
                for (int i = 0; i < l.size(); i++) {
                    out.append(i == 0 ? "" : itemSeparator);
                    newline(depth + 1, out);
                    write(l.get(i), depth + 1, out);
                }
                newline(depth, out);
                out.append(']');
            }
            case Map<?, ?> m -> {
                if (m.isEmpty()) {
                    out.append("{}");
                    return;
                }
                List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
                if (sortKeys) {
                    entries.sort((x, y) -> PyValue.compare(x.getKey(), y.getKey()));
                }
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : entries) {
                    out.append(first ? "" : itemSeparator);
                    first = false;
                    newline(depth + 1, out);
                    string(key(e.getKey()), out);
                    out.append(keySeparator);
                    write(e.getValue(), depth + 1, out);
                }
                newline(depth, out);
                out.append('}');
            }
            case Namespace n -> write(n.attributes, depth, out);
            default -> throw new TemplateError("a " + PyValue.typeName(v) + " is not JSON serializable");
        }
    }

    private static String key(Object k) {
        return switch (k) {
            case String s -> s;
            case null -> "null";
            case Boolean b -> b.toString();
            case Long l -> l.toString();
            case Double d -> PyText.floatRepr(d);
            default -> throw new TemplateError("a " + PyValue.typeName(k) + " cannot be a JSON object key");
        };
    }

    private void newline(int depth, StringBuilder out) {
        if (indent != null) {
            out.append('\n').append(indent.repeat(depth));
        }
    }

    private void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
