package dev.gatehouse.inference.template;

/** One lexical unit: literal text between tags, a tag delimiter, or a piece of an expression inside a tag. */
record Token(Kind kind, String text, Object value, int at) {

    enum Kind { TEXT, VAR_OPEN, VAR_CLOSE, BLOCK_OPEN, BLOCK_CLOSE, NAME, STRING, INT, FLOAT, OP, EOF }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean isOp(String op) {
        return is(Kind.OP, op);
    }

    boolean isName(String name) {
        return is(Kind.NAME, name);
    }

    String describe() {
        return switch (kind) {
            case EOF -> "end of template";
            case TEXT -> "text";
            case STRING -> "string " + text;
            default -> "'" + text + "'";
        };
    }
}
