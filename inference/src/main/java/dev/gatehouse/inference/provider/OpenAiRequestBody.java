package dev.gatehouse.inference.provider;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.ResponseFormat;
import dev.gatehouse.inference.ToolCall;
import dev.gatehouse.inference.ToolChoice;
import dev.gatehouse.inference.ToolDefinition;
import java.util.Map;

/**
 * The body of an OpenAI chat completions request. Everything the request asks for is sent as OpenAI names it;
 * {@code top_k}, {@code min_p} and {@code repeat_penalty} go under llama.cpp's names (OpenAI-compatible servers such
 * as llama.cpp's accept them; a provider that does not answers with its own 4xx naming the field).
 */
final class OpenAiRequestBody {

    private OpenAiRequestBody() {}

    static ObjectNode of(String model, ChatRequest request, ProviderOptions options, boolean stream) {
        ObjectNode root = WireFormat.MAPPER.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        request.messages().forEach(m -> messages.add(message(m)));
        tools(root, request, options);
        GenerationParams p = request.params();
        if (p.maxTokens() != null) root.put("max_tokens", p.maxTokens());
        if (p.temperature() != null) root.put("temperature", p.temperature());
        if (p.topP() != null) root.put("top_p", p.topP());
        if (p.seed() != null) root.put("seed", p.seed());
        if (!p.stop().isEmpty()) p.stop().forEach(root.putArray("stop")::add);
        if (p.frequencyPenalty() != null) root.put("frequency_penalty", p.frequencyPenalty());
        if (p.presencePenalty() != null) root.put("presence_penalty", p.presencePenalty());
        if (!p.logitBias().isEmpty()) {
            ObjectNode bias = root.putObject("logit_bias");
            for (Map.Entry<Integer, Double> e : p.logitBias().entrySet()) {
                bias.put(Integer.toString(e.getKey()), e.getValue());
            }
        }
        if (p.logprobs()) {
            root.put("logprobs", true);
            if (p.topLogprobs() != null) root.put("top_logprobs", p.topLogprobs());
        }
        if (p.topK() != null) root.put("top_k", p.topK());
        if (p.minP() != null) root.put("min_p", p.minP());
        if (p.repeatPenalty() != null) root.put("repeat_penalty", p.repeatPenalty());
        if (options.responseFormat() != null) {
            root.set("response_format", options.responseFormat().deepCopy());
        } else if (p.responseFormat().type() == ResponseFormat.Type.JSON_OBJECT) {
            root.putObject("response_format").put("type", "json_object");
        }
        if (stream) {
            root.put("stream", true);
            root.putObject("stream_options").put("include_usage", true); // real token counts at the end
        }
        return root;
    }

    private static ObjectNode message(ChatMessage m) {
        ObjectNode node = WireFormat.MAPPER.createObjectNode().put("role", m.role().wireName());
        if (m.role() == ChatMessage.Role.TOOL) {
            node.put("tool_call_id", m.toolCallId());
        }
        if (m.toolCalls().isEmpty()) {
            node.put("content", m.content());
            return node;
        }
        if (m.content().isEmpty()) {
            node.putNull("content"); // OpenAI's form for a turn that only calls tools
        } else {
            node.put("content", m.content());
        }
        ArrayNode calls = node.putArray("tool_calls");
        for (ToolCall call : m.toolCalls()) {
            ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
            c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
        }
        return node;
    }

    private static void tools(ObjectNode root, ChatRequest request, ProviderOptions options) {
        if (request.tools().isEmpty()) {
            return; // OpenAI refuses tool_choice and parallel_tool_calls without tools
        }
        ArrayNode tools = root.putArray("tools");
        for (ToolDefinition tool : request.tools()) {
            ObjectNode function = tools.addObject().put("type", "function").putObject("function");
            function.put("name", tool.name());
            if (tool.description() != null) function.put("description", tool.description());
            if (tool.parameters() != null) function.set("parameters", WireFormat.tree(tool.parameters()));
        }
        ToolChoice choice = request.toolChoice();
        switch (choice.mode()) {
            case AUTO -> { } // OpenAI's default when tools are given
            case NONE -> root.put("tool_choice", "none");
            case REQUIRED -> root.put("tool_choice", "required");
            case FUNCTION -> root.putObject("tool_choice").put("type", "function").putObject("function")
                    .put("name", choice.function());
        }
        if (options.parallelToolCalls() != null) root.put("parallel_tool_calls", options.parallelToolCalls());
    }
}
