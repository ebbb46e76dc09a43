package dev.gatehouse.inference.worker;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.natives.ChatEngine;
import dev.gatehouse.natives.ChatTurn;
import dev.gatehouse.natives.NativeException;
import java.util.List;

/** Turns a chat request into the prompt text a model reads, with the model's own chat template. */
final class PromptRenderer {

    private final ChatEngine engine;

    PromptRenderer(ChatEngine engine) {
        this.engine = engine;
    }

    /** Whether the model's template can express tools (it refers to them). */
    boolean toolCapable() {
        String template = engine.chatTemplate();
        return template != null && template.contains("tools");
    }

    String render(ChatRequest request) {
        boolean toolTurns = request.messages().stream()
                .anyMatch(m -> m.role() == ChatMessage.Role.TOOL || !m.toolCalls().isEmpty());
        if (!request.tools().isEmpty() || toolTurns) {
            throw new NativeException(NativeException.Kind.UNSUPPORTED_OPTION,
                    "tools: this worker cannot render tools into the model's chat template");
        }
        List<ChatTurn> turns = request.messages().stream()
                .map(m -> new ChatTurn(m.role().wireName(), m.content())).toList();
        return engine.formatChat(turns);
    }

    ToolCallOutput toolCallOutput() {
        return ToolCallOutput.NONE;
    }
}
