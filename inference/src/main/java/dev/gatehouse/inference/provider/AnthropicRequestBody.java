package dev.gatehouse.inference.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.ToolCall;
import dev.gatehouse.inference.ToolChoice;
import dev.gatehouse.inference.ToolDefinition;
import java.util.stream.Collectors;

/**
 * The body of an Anthropic Messages request. System turns go to {@code system}; an assistant turn's tool calls
 * become {@code tool_use} blocks; tool turns become {@code tool_result} blocks of one user turn (Anthropic wants
 * every result of a tool-using turn in the next user turn, results first, then any user text).
 */
final class AnthropicRequestBody {

    private AnthropicRequestBody() {}

    static ObjectNode of(String model, ChatRequest request, ProviderOptions options, boolean stream) {
        ObjectNode root = WireFormat.MAPPER.createObjectNode();
        root.put("model", model);
        GenerationParams p = request.params();
        root.put("max_tokens", p.maxTokens() != null ? p.maxTokens() : AnthropicFormat.DEFAULT_MAX_TOKENS);
        String system = request.messages().stream().filter(m -> m.role() == ChatMessage.Role.SYSTEM)
                .map(ChatMessage::content).collect(Collectors.joining("\n\n"));
        if (!system.isEmpty()) {
            root.put("system", system);
        }
        messages(root.putArray("messages"), request);
        tools(root, request, options);
        if (p.temperature() != null) root.put("temperature", p.temperature());
        if (p.topP() != null) root.put("top_p", p.topP());
        if (p.topK() != null) root.put("top_k", p.topK());
        if (!p.stop().isEmpty()) p.stop().forEach(root.putArray("stop_sequences")::add);
        if (stream) root.put("stream", true);
        return root;
    }

    private static void messages(ArrayNode messages, ChatRequest request) {
        ObjectNode resultsTurn = null; // the user turn holding tool results, while more may join it
        for (ChatMessage m : request.messages()) {
            switch (m.role()) {
                case SYSTEM -> { }
                case TOOL -> {
                    if (resultsTurn == null) {
                        resultsTurn = messages.addObject().put("role", "user");
                        resultsTurn.putArray("content");
                    }
                    ((ArrayNode) resultsTurn.get("content")).addObject().put("type", "tool_result")
                            .put("tool_use_id", m.toolCallId()).put("content", m.content());
                }
                case USER -> {
                    if (resultsTurn != null) {
                        ((ArrayNode) resultsTurn.get("content")).addObject().put("type", "text").put("text", m.content());
                    } else {
                        messages.addObject().put("role", "user").put("content", m.content());
                    }
                    resultsTurn = null;
                }
                case ASSISTANT -> {
                    messages.add(assistant(m));
                    resultsTurn = null;
                }
            }
        }
    }

    private static ObjectNode assistant(ChatMessage m) {
        ObjectNode turn = WireFormat.MAPPER.createObjectNode().put("role", "assistant");
        if (m.toolCalls().isEmpty()) {
            return turn.put("content", m.content());
        }
        ArrayNode blocks = turn.putArray("content");
        if (!m.content().isEmpty()) {
            blocks.addObject().put("type", "text").put("text", m.content());
        }
        for (ToolCall call : m.toolCalls()) {
            blocks.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                    .set("input", WireFormat.tree(call.arguments())); // an object: AnthropicFormat.unsupported checked
        }
        return turn;
    }

    private static void tools(ObjectNode root, ChatRequest request, ProviderOptions options) {
        if (request.tools().isEmpty()) {
            return;
        }
        ArrayNode tools = root.putArray("tools");
        for (ToolDefinition tool : request.tools()) {
            ObjectNode t = tools.addObject().put("name", tool.name());
            if (tool.description() != null) t.put("description", tool.description());
            // Anthropic requires a schema; a function without parameters takes an empty object
            JsonNode schema = tool.parameters() != null ? WireFormat.tree(tool.parameters())
                    : WireFormat.MAPPER.createObjectNode().put("type", "object").set("properties",
                            WireFormat.MAPPER.createObjectNode());
            t.set("input_schema", schema);
        }
        ToolChoice choice = request.toolChoice();
        boolean oneCallAtMost = Boolean.FALSE.equals(options.parallelToolCalls());
        ObjectNode c = switch (choice.mode()) {
            case AUTO -> oneCallAtMost ? root.putObject("tool_choice").put("type", "auto") : null;
            case NONE -> root.putObject("tool_choice").put("type", "none");
            case REQUIRED -> root.putObject("tool_choice").put("type", "any");
            case FUNCTION -> root.putObject("tool_choice").put("type", "tool").put("name", choice.function());
        };
        if (c != null && oneCallAtMost && choice.mode() != ToolChoice.Mode.NONE) {
            c.put("disable_parallel_tool_use", true);
        }
    }
}
