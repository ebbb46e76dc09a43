package dev.gatehouse.inference.worker;

import dev.gatehouse.inference.ToolCall;
import dev.gatehouse.natives.EngineEvent;
import java.util.List;

/**
 * What the worker does with generated pieces when the request offered tools: text that may be forming a tool call is
 * held back, and at the end the calls are parsed out of it. Without tools every piece passes straight through.
 */
interface ToolCallOutput {

    /** The pieces that may be sent now (none while a tool call may be forming). */
    List<EngineEvent.Piece> offer(EngineEvent.Piece piece);

    /** At the end: the text still held that is not part of a call, and the calls. */
    Result finish();

    record Result(List<EngineEvent.Piece> pieces, List<ToolCall> toolCalls) {
        public Result {
            pieces = List.copyOf(pieces);
            toolCalls = List.copyOf(toolCalls);
        }
    }

    /** Every piece passes through; no calls. */
    ToolCallOutput NONE = new ToolCallOutput() {
        @Override
        public List<EngineEvent.Piece> offer(EngineEvent.Piece piece) {
            return List.of(piece);
        }

        @Override
        public Result finish() {
            return new Result(List.of(), List.of());
        }
    };
}
