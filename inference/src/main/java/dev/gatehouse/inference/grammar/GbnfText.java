package dev.gatehouse.inference.grammar;

import java.util.List;

/**
 * Spelling of GBNF terminals and repetitions. Only printable ASCII is written raw; everything else uses the hex
 * escapes every llama.cpp version understands, so the grammar survives any transport encoding unchanged.
 */
final class GbnfText {
    private GbnfText() {
    }

    /** A quoted GBNF literal matching exactly {@code text}. */
    static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> appendCodePoint(out, cp);
            }
        });
        return out.append('"').toString();
    }

    /** One code point as it must be written inside {@code [...]}: the class metacharacters are escaped. */
    static String classMember(int cp) {
        return switch (cp) {
            case '\\' -> "\\\\";
            case ']' -> "\\]";
            case '[' -> "\\[";
            case '"' -> "\\\"";
            // "-" and "^" are escaped by code so their meaning never depends on where they sit in the class
            case '-', '^' -> String.format("\\x%02X", cp);
            default -> {
                StringBuilder out = new StringBuilder();
                appendCodePoint(out, cp);
                yield out.toString();
            }
        };
    }

    private static void appendCodePoint(StringBuilder out, int cp) {
        if (cp >= 0x20 && cp < 0x7F) {
            out.appendCodePoint(cp);
        } else if (cp < 0x80) {
            out.append(String.format("\\x%02X", cp));
        } else if (cp <= 0xFFFF) {
            out.append(String.format("\\u%04X", cp));
        } else {
            out.append(String.format("\\U%08X", cp));
        }
    }

    /** {@code item} repeated between {@code min} and {@code max} times; {@code max == null} means unbounded. */
    static String repeat(String item, int min, Integer max) {
        if (max == null) {
            return switch (min) {
                case 0 -> item + "*";
                case 1 -> item + "+";
                default -> item + "{" + min + ",}";
            };
        }
        if (max == 0) {
            return "";
        }
        if (min == max) {
            return min == 1 ? item : item + "{" + min + "}";
        }
        if (min == 0 && max == 1) {
            return item + "?";
        }
        return item + "{" + min + "," + max + "}";
    }

    /** The alternatives as one GBNF term: bare when there is one, parenthesised otherwise. */
    static String anyOf(List<String> alternatives) {
        return alternatives.size() == 1 ? alternatives.getFirst() : "( " + String.join(" | ", alternatives) + " )";
    }

    /** Joins non-empty parts of a sequence with single spaces. */
    static String sequence(String... parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (!part.isEmpty()) {
                if (!out.isEmpty()) {
                    out.append(' ');
                }
                out.append(part);
            }
        }
        return out.toString();
    }
}
