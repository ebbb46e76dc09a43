package dev.gatehouse.inference.grammar;

/**
 * A JSON Schema (or part of one) that cannot be turned into a grammar: either the schema is malformed, or it uses a
 * keyword whose constraint a context-free grammar cannot enforce. Rather than silently generating a grammar that
 * accepts documents the schema rejects, the converter refuses with the exact place.
 *
 * <p>{@link #path()} is a JSON pointer into the schema (empty for the root) that ends at the offending keyword, for
 * example {@code /properties/age/multipleOf}; the HTTP layer can report it as
 * {@code response_format.json_schema.schema/properties/age/multipleOf}. {@link #rule()} is the keyword itself.
 */
public final class UnsupportedSchemaException extends IllegalArgumentException {
    private final String path;
    private final String rule;

    UnsupportedSchemaException(String path, String rule, String detail) {
        super((path.isEmpty() ? "/" : path) + ": " + detail);
        this.path = path;
        this.rule = rule;
    }

    /** JSON pointer into the schema, ending at the keyword that could not be honoured ("" means the root). */
    public String path() {
        return path;
    }

    /** The JSON Schema keyword that could not be honoured, e.g. {@code pattern} or {@code $ref}. */
    public String rule() {
        return rule;
    }
}
