package dev.gatehouse.router.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.inference.ResponseFormat;
import java.util.Objects;

/**
 * OpenAI's {@code response_format} as the client asked for it, validated but not compiled: a local engine needs it
 * compiled to a grammar (an inference {@link ResponseFormat}), a provider takes it as sent ({@link #toWire()}).
 *
 * @param type        TEXT, JSON_OBJECT or JSON_SCHEMA
 * @param name        {@code json_schema.name} (JSON_SCHEMA only, else null)
 * @param description {@code json_schema.description}, or null
 * @param schema      {@code json_schema.schema}, a JSON object (JSON_SCHEMA only, else null)
 * @param strict      {@code json_schema.strict} (false when absent)
 */
public record RequestedFormat(ResponseFormat.Type type, String name, String description, JsonNode schema, boolean strict) {

    public static final RequestedFormat TEXT = new RequestedFormat(ResponseFormat.Type.TEXT, null, null, null, false);
    public static final RequestedFormat JSON_OBJECT =
            new RequestedFormat(ResponseFormat.Type.JSON_OBJECT, null, null, null, false);

    public RequestedFormat {
        Objects.requireNonNull(type, "type");
        boolean isSchema = type == ResponseFormat.Type.JSON_SCHEMA;
        if (isSchema != (name != null) || isSchema != (schema != null) || (schema != null && !schema.isObject())) {
            throw new IllegalArgumentException("a name and an object schema are given exactly for JSON_SCHEMA");
        }
        schema = schema == null ? null : schema.deepCopy(); // the caller's tree stays the caller's
    }

    public static RequestedFormat jsonSchema(String name, String description, JsonNode schema, boolean strict) {
        return new RequestedFormat(ResponseFormat.Type.JSON_SCHEMA, name, description, schema, strict);
    }

    /** Whether the answer must be JSON (routing needs a target with the JSON capability). */
    public boolean asksForJson() {
        return type != ResponseFormat.Type.TEXT;
    }

    /** OpenAI's {@code response_format} object, for a provider; null for TEXT (nothing to send). */
    public ObjectNode toWire() {
        return switch (type) {
            case TEXT -> null;
            case JSON_OBJECT -> JsonNodeFactory.instance.objectNode().put("type", "json_object");
            case JSON_SCHEMA -> {
                ObjectNode root = JsonNodeFactory.instance.objectNode().put("type", "json_schema");
                ObjectNode schemaNode = root.putObject("json_schema").put("name", name);
                if (description != null) schemaNode.put("description", description);
                schemaNode.set("schema", schema.deepCopy());
                schemaNode.put("strict", strict);
                yield root;
            }
        };
    }
}
