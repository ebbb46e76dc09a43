package dev.gatehouse.router.http;

import static dev.gatehouse.router.http.JsonFields.quoted;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.router.serving.RequestedFormat;

/**
 * Validates {@code response_format}: {@code {type: "text"}}, {@code {type: "json_object"}} or
 * {@code {type: "json_schema", json_schema: {name, description?, schema, strict?}}}. The schema itself is checked
 * by whoever compiles it (a local engine's grammar compiler, or the provider).
 */
final class ResponseFormatParser {

    private ResponseFormatParser() {}

    static RequestedFormat responseFormat(JsonNode body) {
        JsonNode format = JsonFields.object(body, "response_format", "response_format");
        if (format == null) {
            return RequestedFormat.TEXT;
        }
        String type = JsonFields.string(format, "type", "response_format.type");
        return switch (type == null ? "" : type) {
            case "text" -> RequestedFormat.TEXT;
            case "json_object" -> RequestedFormat.JSON_OBJECT;
            case "json_schema" -> jsonSchema(format);
            default -> throw InvalidRequestException.field("response_format.type",
                    "must be one of text, json_object, json_schema, was " + (type == null ? "missing" : quoted(type)));
        };
    }

    private static RequestedFormat jsonSchema(JsonNode format) {
        JsonNode spec = JsonFields.object(format, "json_schema", "response_format.json_schema");
        if (spec == null) {
            throw InvalidRequestException.field("response_format.json_schema", "is required for type json_schema");
        }
        String name = JsonFields.requiredString(spec, "name", "response_format.json_schema.name");
        if (!ToolParser.FUNCTION_NAME.matcher(name).matches()) {
            throw InvalidRequestException.field("response_format.json_schema.name",
                    "must be 1 to 64 letters, digits, underscores or dashes, was " + quoted(name));
        }
        String description = JsonFields.string(spec, "description", "response_format.json_schema.description");
        JsonNode schema = JsonFields.object(spec, "schema", "response_format.json_schema.schema");
        if (schema == null) {
            throw InvalidRequestException.field("response_format.json_schema.schema", "is required");
        }
        Boolean strict = JsonFields.bool(spec, "strict", "response_format.json_schema.strict");
        return RequestedFormat.jsonSchema(name, description, schema, Boolean.TRUE.equals(strict));
    }
}
