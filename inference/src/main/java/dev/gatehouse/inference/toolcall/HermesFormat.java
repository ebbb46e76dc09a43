package dev.gatehouse.inference.toolcall;

import dev.gatehouse.inference.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Qwen 2.5/3 and Hermes: {@code <tool_call>{"name": .., "arguments": {..}}</tool_call>}, any number of them, with
 * text around. A block whose JSON does not read as a call stays in the content verbatim, tags included.
 */
final class HermesFormat implements FormatParser {

    static final String OPEN = "<tool_call>";
    static final String CLOSE = "</tool_call>";

    @Override
    public ParsedToolCalls parse(String text, CallIds ids) {
        StringBuilder content = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        int pos = 0;
        while (true) {
            int open = text.indexOf(OPEN, pos);
            if (open < 0) {
                content.append(text, pos, text.length());
                break;
            }
            content.append(text, pos, open);
            int close = text.indexOf(CLOSE, open);
            int bodyEnd = close < 0 ? text.length() : close;
            int blockEnd = close < 0 ? text.length() : close + CLOSE.length();
            Optional<JsonSpan.NamedArguments> call = JsonSpan.parse(text.substring(open + OPEN.length(), bodyEnd))
                    .flatMap(JsonSpan::call);
            if (call.isPresent()) {
                calls.add(new ToolCall(ids.next(), call.get().name(), call.get().arguments()));
            } else {
                content.append(text, open, blockEnd);
            }
            pos = blockEnd;
        }
        return new ParsedToolCalls(calls.isEmpty() ? text : content.toString().strip(), "", calls);
    }

    @Override
    public int heldBackFrom(String text) {
        return FormatParser.heldBackAtMarker(text, OPEN);
    }
}
