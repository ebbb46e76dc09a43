package dev.gatehouse.inference;

/**
 * OpenAI's {@code response_format}, already turned into what the engine enforces.
 *
 * @param type    TEXT (no constraint), JSON_OBJECT or JSON_SCHEMA
 * @param grammar the GBNF grammar (root rule {@code root}) that decoding must follow; null for TEXT
 */
public record ResponseFormat(Type type, String grammar) {
    public enum Type { TEXT, JSON_OBJECT, JSON_SCHEMA }

    public static final ResponseFormat TEXT = new ResponseFormat(Type.TEXT, null);

    public ResponseFormat {
        if ((type == Type.TEXT) != (grammar == null)) {
            throw new IllegalArgumentException("a grammar is given exactly when the type is not TEXT");
        }
    }
}
