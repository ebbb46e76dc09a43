package dev.gatehouse.inference;

import java.util.List;

/**
 * What a chat model is asked to continue, in the backend's terms (no HTTP or JSON here).
 *
 * @param messages   the conversation
 * @param params     sampling and output settings
 * @param tools      functions the model may call (empty: none)
 * @param toolChoice whether and which of them it may call
 * @param oneToolCall {@code parallel_tool_calls: false}: the answer may call at most one tool
 */
public record ChatRequest(List<ChatMessage> messages, GenerationParams params, List<ToolDefinition> tools,
                          ToolChoice toolChoice, boolean oneToolCall) {
    public ChatRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        toolChoice = toolChoice == null ? ToolChoice.AUTO : toolChoice;
    }

    public ChatRequest(List<ChatMessage> messages, GenerationParams params, List<ToolDefinition> tools,
                       ToolChoice toolChoice) {
        this(messages, params, tools, toolChoice, false);
    }

    public ChatRequest(List<ChatMessage> messages, GenerationParams params) {
        this(messages, params, List.of(), ToolChoice.AUTO);
    }
}
