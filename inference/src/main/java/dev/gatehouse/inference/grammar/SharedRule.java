package dev.gatehouse.inference.grammar;

import java.util.List;

/**
 * Rules every generated grammar may share, written once and referenced by name. Value rules match the bare value:
 * whitespace belongs to the containers, which allow {@code ws} after each structural character and after each member
 * or element. The document itself starts and ends without whitespace, so the model is steered to stop right after the
 * closing brace.
 */
enum SharedRule {
    /**
     * Whitespace between tokens, bounded on purpose: at most one space or tab, or one newline followed by up to 24
     * indentation characters. Unbounded whitespace lets a small model emit blanks forever while the grammar stays
     * satisfied.
     */
    WS("ws", "( [ \\t] | \"\\n\" [ \\t]{0,24} )?"),
    VALUE("value", "object | array | string | number | boolean | null",
            "object", "array", "string", "number", "boolean", "null"),
    OBJECT("object", "\"{\" ws ( member ( \",\" ws member )* )? \"}\"", "ws", "member"),
    MEMBER("member", "string ws \":\" ws value ws", "string", "ws", "value"),
    ARRAY("array", "\"[\" ws ( value ws ( \",\" ws value ws )* )? \"]\"", "ws", "value"),
    STRING("string", "\"\\\"\" char* \"\\\"\"", "char"),
    /** One JSON string character: anything but a quote, a backslash or a control character, or an escape. */
    CHAR("char", "[^\"\\\\\\x00-\\x1F] | \"\\\\\" ( [\"\\\\/bfnrt] | \"u\" hex{4} )", "hex"),
    HEX("hex", "[0-9a-fA-F]"),
    /** Digit runs are capped (16 integer and fraction digits, 3 exponent digits) so a number cannot run forever. */
    NUMBER("number", "\"-\"? int-digits ( \".\" [0-9]{1,16} )? ( [eE] [-+]? [0-9]{1,3} )?", "int-digits"),
    INTEGER("integer", "\"-\"? int-digits", "int-digits"),
    INT_DIGITS("int-digits", "\"0\" | [1-9] [0-9]{0,15}"),
    BOOLEAN("boolean", "\"true\" | \"false\""),
    NULL("null", "\"null\""),
    /** A key character of an extra (undeclared) property: escapes are left out so keys compare by their raw text. */
    KEY_CHAR("key-char", "[^\"\\\\\\x00-\\x1F]"),
    FULL_DATE("full-date",
            "[0-9]{4} \"-\" ( \"0\" [1-9] | \"1\" [0-2] ) \"-\" ( \"0\" [1-9] | [12] [0-9] | \"3\" [01] )"),
    FULL_TIME("full-time",
            "( [01] [0-9] | \"2\" [0-3] ) \":\" [0-5] [0-9] \":\" ( [0-5] [0-9] | \"60\" ) ( \".\" [0-9]{1,9} )?"
                    + " ( \"Z\" | [-+] ( [01] [0-9] | \"2\" [0-3] ) \":\" [0-5] [0-9] )"),
    DATE_STRING("date-string", "\"\\\"\" full-date \"\\\"\"", "full-date"),
    TIME_STRING("time-string", "\"\\\"\" full-time \"\\\"\"", "full-time"),
    DATE_TIME_STRING("date-time-string", "\"\\\"\" full-date \"T\" full-time \"\\\"\"", "full-date", "full-time"),
    UUID_STRING("uuid-string",
            "\"\\\"\" hex{8} \"-\" hex{4} \"-\" hex{4} \"-\" hex{4} \"-\" hex{12} \"\\\"\"", "hex"),
    IPV4_STRING("ipv4-string", "\"\\\"\" ipv4-octet ( \".\" ipv4-octet ){3} \"\\\"\"", "ipv4-octet"),
    IPV4_OCTET("ipv4-octet",
            "\"25\" [0-5] | \"2\" [0-4] [0-9] | \"1\" [0-9] [0-9] | [1-9] [0-9] | [0-9]");

    final String ruleName;
    final String body;
    private final List<String> uses;

    SharedRule(String ruleName, String body, String... uses) {
        this.ruleName = ruleName;
        this.body = body;
        this.uses = List.of(uses);
    }

    List<SharedRule> uses() {
        return uses.stream().map(SharedRule::named).toList();
    }

    static SharedRule named(String ruleName) {
        for (SharedRule rule : values()) {
            if (rule.ruleName.equals(ruleName)) {
                return rule;
            }
        }
        throw new IllegalArgumentException("no shared rule named " + ruleName);
    }
}
