package dev.gatehouse.natives.llamacpp.gpucheck;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON text of a tree of maps, lists, strings, numbers, booleans and nulls: the check's jar carries no JSON library
 * (a few tens of MB travel to the GPU machine, and it needs nothing else).
 */
final class JsonText {

    private JsonText() {}

    static String of(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, "");
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, String indent) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b);
            case Double d -> out.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "null");
            case Float f -> write(out, f.doubleValue(), indent);
            case Number n -> out.append(n);
            case Map<?, ?> map -> {
                out.append('{');
                String inner = indent + "  ";
                boolean firstEntry = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.append(firstEntry ? "\n" : ",\n").append(inner);
                    string(out, String.valueOf(entry.getKey()));
                    out.append(": ");
                    write(out, entry.getValue(), inner);
                    firstEntry = false;
                }
                out.append(firstEntry ? "}" : "\n" + indent + "}");
            }
            case List<?> list -> {
                out.append('[');
                String inner = indent + "  ";
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "\n" : ",\n").append(inner);
                    write(out, list.get(i), inner);
                }
                out.append(list.isEmpty() ? "]" : "\n" + indent + "]");
            }
            default -> string(out, value.toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
