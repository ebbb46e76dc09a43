package dev.gatehouse.inference.grammar;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Resolves {@code $ref} values that point inside the schema itself: {@code #}, {@code #/$defs/X}, {@code #/definitions/X}. */
final class LocalRefs {
    /** A resolved reference: the JSON pointer it names (decoded, "" for the root) and the schema found there. */
    record Target(String pointer, JsonNode schema) {
        /** The last pointer token, which names the definition ({@code X} in {@code #/$defs/X}). */
        String name() {
            int slash = pointer.lastIndexOf('/');
            String token = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
            return token.isEmpty() ? "ref" : token;
        }
    }

    private final JsonNode root;

    LocalRefs(JsonNode root) {
        this.root = root;
    }

    /** @param path JSON pointer of the {@code $ref} keyword, for error messages */
    Target resolve(JsonNode ref, String path) {
        if (!ref.isTextual()) {
            throw new UnsupportedSchemaException(path, "$ref", "$ref must be a string, got " + ref.getNodeType());
        }
        String text = ref.textValue();
        if (!text.startsWith("#")) {
            throw new UnsupportedSchemaException(path, "$ref",
                    "only references inside the schema (starting with #) are supported, got '" + text + "'");
        }
        // The fragment of a URI is percent-encoded; a literal "+" stays a plus.
        String pointer = URLDecoder.decode(text.substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw new UnsupportedSchemaException(path, "$ref",
                    "anchor references like '" + text + "' are not supported; use a JSON pointer such as #/$defs/Name");
        }
        JsonNode target = root.at(JsonPointer.compile(pointer));
        if (target.isMissingNode()) {
            throw new UnsupportedSchemaException(path, "$ref", "'" + text + "' does not point at anything in the schema");
        }
        return new Target(pointer, target);
    }
}
