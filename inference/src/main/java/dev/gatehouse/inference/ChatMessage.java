package dev.gatehouse.inference;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation, already validated by the HTTP layer.
 *
 * @param role       who speaks
 * @param content    the text ("" for an assistant turn that only calls tools)
 * @param toolCalls  the calls an assistant turn made (empty otherwise)
 * @param toolCallId for a {@code tool} turn, the call it answers; else null
 */
public record ChatMessage(Role role, String content, List<ToolCall> toolCalls, String toolCallId) {
    public enum Role {
        SYSTEM,
        USER,
        ASSISTANT,
        TOOL;

        /** The lower-case name used by OpenAI and by chat templates. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        if (!toolCalls.isEmpty() && role != Role.ASSISTANT) {
            throw new IllegalArgumentException("only assistant turns carry tool calls");
        }
        if ((role == Role.TOOL) != (toolCallId != null)) {
            throw new IllegalArgumentException("a tool turn, and only a tool turn, names the call it answers");
        }
    }

    public ChatMessage(Role role, String content) {
        this(role, content, List.of(), null);
    }
}
