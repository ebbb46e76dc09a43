package dev.gatehouse.inference.worker;

import dev.gatehouse.inference.toolcall.ParsedToolCalls;
import dev.gatehouse.inference.toolcall.ToolCallParser;
import dev.gatehouse.natives.EngineEvent;
import dev.gatehouse.natives.TokenProbability;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated text of a request that offered tools: content is streamed as far as it cannot be the start of a tool
 * call; the rest waits for the end, where the calls are parsed out and the text around them is sent.
 */
final class HeldToolCalls implements ToolCallOutput {

    private final ToolCallParser parser;
    private final boolean oneCall;
    private final StringBuilder text = new StringBuilder();
    private final List<TokenProbability> heldLogprobs = new ArrayList<>();
    private int sent;

    /** @param oneCall the client set {@code parallel_tool_calls: false}: calls after the first are not made */
    HeldToolCalls(ToolCallParser parser, boolean oneCall) {
        this.parser = parser;
        this.oneCall = oneCall;
    }

    @Override
    public List<EngineEvent.Piece> offer(EngineEvent.Piece piece) {
        text.append(piece.text());
        heldLogprobs.addAll(piece.logprobs());
        int safe = parser.safeContentLength(text.toString());
        if (safe <= sent) return List.of();
        return List.of(take(text.substring(sent, safe), safe));
    }

    @Override
    public Result finish() {
        ParsedToolCalls parsed = parser.parse(text.toString());
        if (!parsed.hasCalls()) {
            return new Result(sent < text.length() ? List.of(take(text.substring(sent), text.length())) : List.of(),
                    List.of());
        }
        // the content outside the calls, less what was already streamed
        String already = text.substring(0, sent);
        String rest = parsed.content().startsWith(already) ? parsed.content().substring(already.length()) : "";
        List<EngineEvent.Piece> pieces = rest.isEmpty() ? List.of() : List.of(take(rest, text.length()));
        return new Result(pieces, oneCall ? parsed.calls().subList(0, 1) : parsed.calls());
    }

    private EngineEvent.Piece take(String content, int upTo) {
        EngineEvent.Piece piece = new EngineEvent.Piece(content, List.copyOf(heldLogprobs));
        heldLogprobs.clear();
        sent = upTo;
        return piece;
    }
}
