package dev.gatehouse.inference.toolcall;

import dev.gatehouse.inference.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Llama 3.1/3.2/3.3: the whole reply is {@code {"name": .., "parameters": {..}}} (or {@code "arguments"}), or a JSON
 * array of such objects, optionally after {@code <|python_tag|>}. Text before the tag stays content; a reply that
 * is not entirely such JSON is content.
 */
final class Llama3JsonFormat implements FormatParser {

    static final String PYTHON_TAG = "<|python_tag|>";

    @Override
    public ParsedToolCalls parse(String text, CallIds ids) {
        int tag = text.indexOf(PYTHON_TAG);
        String before = tag < 0 ? "" : text.substring(0, tag);
        String json = (tag < 0 ? text : text.substring(tag + PYTHON_TAG.length())).strip();
        Optional<JsonNode> node = JsonSpan.parse(json);
        if (node.isEmpty()) {
            return ParsedToolCalls.contentOnly(text);
        }
        List<JsonNode> objects = new ArrayList<>();
        if (node.get().isArray()) {
            node.get().forEach(objects::add);
        } else {
            objects.add(node.get());
        }
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode object : objects) {
            Optional<JsonSpan.NamedArguments> call = JsonSpan.call(object);
            if (call.isEmpty()) {
                return ParsedToolCalls.contentOnly(text);
            }
            calls.add(new ToolCall(ids.next(), call.get().name(), call.get().arguments()));
        }
        return calls.isEmpty() ? ParsedToolCalls.contentOnly(text)
                : new ParsedToolCalls(before.strip(), "", calls);
    }

    @Override
    public int heldBackFrom(String text) {
        int firstNonBlank = 0;
        while (firstNonBlank < text.length() && Character.isWhitespace(text.charAt(firstNonBlank))) {
            firstNonBlank++;
        }
        if (firstNonBlank == text.length() || text.charAt(firstNonBlank) == '{') {
            return 0;
        }
        return FormatParser.heldBackAtMarker(text, PYTHON_TAG);
    }
}
