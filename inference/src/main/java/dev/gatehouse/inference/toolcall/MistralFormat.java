package dev.gatehouse.inference.toolcall;

import dev.gatehouse.inference.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Mistral: {@code [TOOL_CALLS][{"name": .., "arguments": {..}}, ...]} (v3, Nemo, Small 3.x), or the newer
 * {@code [TOOL_CALLS]name[ARGS]{..}} repeated per call (Magistral, Devstral, Ministral 3), where a
 * {@code [CALL_ID]id} may sit between the name and {@code [ARGS]}. Unreadable calls stay in the content verbatim.
 */
final class MistralFormat implements FormatParser {

    static final String MARKER = "[TOOL_CALLS]";
    private static final String ARGS = "[ARGS]";
    private static final String CALL_ID = "[CALL_ID]";

    @Override
    public ParsedToolCalls parse(String text, CallIds ids) {
        StringBuilder content = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        int pos = 0;
        while (true) {
            int marker = text.indexOf(MARKER, pos);
            if (marker < 0) {
                content.append(text, pos, text.length());
                break;
            }
            content.append(text, pos, marker);
            int start = marker + MARKER.length();
            int end = readCalls(text, start, ids, calls);
            if (end < 0) {
                int next = text.indexOf(MARKER, start);
                end = next < 0 ? text.length() : next;
                content.append(text, marker, end);
            }
            pos = end;
        }
        return new ParsedToolCalls(calls.isEmpty() ? text : content.toString().strip(), "", calls);
    }

    /** Reads the calls after one marker into {@code calls}; returns where they end, or -1 if they do not read. */
    private static int readCalls(String text, int start, CallIds ids, List<ToolCall> calls) {
        int i = skipSpace(text, start);
        if (i < text.length() && text.charAt(i) == '[') {
            int end = JsonSpan.end(text, i);
            Optional<JsonNode> array = end < 0 ? Optional.empty() : JsonSpan.parse(text.substring(i, end));
            if (array.isEmpty() || !array.get().isArray() || array.get().isEmpty()) {
                return -1;
            }
            List<ToolCall> read = new ArrayList<>();
            for (JsonNode node : array.get()) {
                Optional<JsonSpan.NamedArguments> call = JsonSpan.call(node);
                if (call.isEmpty()) {
                    return -1;
                }
                read.add(new ToolCall(ids.next(), call.get().name(), call.get().arguments()));
            }
            calls.addAll(read);
            return end;
        }
        int args = text.indexOf(ARGS, i);
        if (args < 0) {
            return -1;
        }
        String name = text.substring(i, args);
        int callId = name.indexOf(CALL_ID);
        if (callId >= 0) {
            name = name.substring(0, callId);
        }
        name = name.strip();
        int jsonStart = skipSpace(text, args + ARGS.length());
        int end = jsonStart < text.length() && text.charAt(jsonStart) == '{' ? JsonSpan.end(text, jsonStart) : -1;
        Optional<String> arguments = end < 0 ? Optional.empty() : JsonSpan.object(text.substring(jsonStart, end));
        if (name.isEmpty() || name.contains("[") || arguments.isEmpty()) {
            return -1;
        }
        calls.add(new ToolCall(ids.next(), name, arguments.get()));
        return end;
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    @Override
    public int heldBackFrom(String text) {
        return FormatParser.heldBackAtMarker(text, MARKER);
    }
}
