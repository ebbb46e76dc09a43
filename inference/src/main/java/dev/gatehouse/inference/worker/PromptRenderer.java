package dev.gatehouse.inference.worker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.ToolCall;
import dev.gatehouse.inference.ToolChoice;
import dev.gatehouse.inference.ToolDefinition;
import dev.gatehouse.inference.template.ChatTemplate;
import dev.gatehouse.inference.template.ChatTemplateInput;
import dev.gatehouse.inference.template.TemplateException;
import dev.gatehouse.inference.template.TemplateRaisedException;
import dev.gatehouse.inference.toolcall.ForcedToolCallGrammar;
import dev.gatehouse.inference.toolcall.ToolCallFormat;
import dev.gatehouse.inference.toolcall.ToolCallParser;
import dev.gatehouse.natives.ChatEngine;
import dev.gatehouse.natives.ChatTurn;
import dev.gatehouse.natives.NativeException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Turns a chat request into the prompt text a model reads: the model's own Jinja chat template rendered in Java
 * (tools, tool calls and tool results included), as llama-server renders it; the engine's pattern-matched template
 * support only when the model has no template or its template cannot be compiled here.
 */
final class PromptRenderer {

    private static final Logger LOG = Logger.getLogger(PromptRenderer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatEngine engine;
    private final ChatTemplate template;
    private final ToolCallFormat format;
    private final boolean toolCapable;
    private final SecureRandom callIds = new SecureRandom();

    PromptRenderer(ChatEngine engine) {
        this.engine = engine;
        String source = engine.chatTemplate();
        ChatTemplate compiled = null;
        if (source != null) {
            try {
                compiled = ChatTemplate.compile(source);
            } catch (TemplateException e) {
                LOG.warning("the model's chat template does not compile here (" + e.getMessage()
                        + "); using the engine's built-in template support, without tools");
            }
        }
        this.template = compiled;
        this.format = compiled == null ? ToolCallFormat.NONE : ToolCallFormat.detect(source);
        // what ToolCallFormat.supportedBy decides for routing, without compiling the template a second time
        this.toolCapable = compiled != null && format != ToolCallFormat.NONE && compiled.mentionsTools();
    }

    /** Whether the model's template can express tools (it reads them) and its tool-call format is one we parse. */
    boolean toolCapable() {
        return toolCapable;
    }

    String render(ChatRequest request) {
        boolean tools = !request.tools().isEmpty() && request.toolChoice().mode() != ToolChoice.Mode.NONE;
        if (tools && !toolCapable()) {
            throw unsupported("tools: the chat template of this model cannot express tools");
        }
        boolean toolTurns = request.messages().stream()
                .anyMatch(m -> m.role() == ChatMessage.Role.TOOL || !m.toolCalls().isEmpty());
        if (template == null) {
            if (toolTurns) throw unsupported("messages: this model has no chat template for tool calls and results");
            return engine.formatChat(request.messages().stream()
                    .map(m -> new ChatTurn(m.role().wireName(), m.content())).toList());
        }
        ChatTemplateInput input = ChatTemplateInput.of(messages(request.messages()))
                .withTools(tools ? tools(request.tools()) : List.of())
                .withGenerationPrompt(true)
                .withSpecialTokens(engine.bosToken(), engine.eosToken());
        try {
            return template.render(input);
        } catch (TemplateRaisedException e) {
            throw unsupported("messages: the model's chat template refuses this conversation: " + e.detail());
        } catch (TemplateException e) {
            throw new NativeException(NativeException.Kind.GENERATION_FAILED,
                    "the model's chat template failed: " + e.getMessage());
        }
    }

    /**
     * The grammar decoding must follow: a forced tool call ({@code tool_choice} "required" or a named function),
     * else the response format's, else none.
     */
    String grammar(ChatRequest request) {
        String responseFormat = request.params().responseFormat().grammar();
        ToolChoice.Mode mode = request.toolChoice().mode();
        if (request.tools().isEmpty() || mode == ToolChoice.Mode.AUTO || mode == ToolChoice.Mode.NONE) {
            return responseFormat;
        }
        if (responseFormat != null) {
            throw unsupported("response_format: cannot be combined with a forced tool call on a local model");
        }
        try {
            return ForcedToolCallGrammar.of(format, request.tools(), request.toolChoice()).orElse(null);
        } catch (IllegalArgumentException e) {
            throw unsupported(e.getMessage().startsWith("tool_choice:") ? e.getMessage()
                    : "tools: the named function's parameters cannot be enforced: " + e.getMessage());
        }
    }

    /** How generated text becomes tool calls for this request (pass-through when it offered none). */
    ToolCallOutput toolCallOutput(ChatRequest request) {
        boolean tools = !request.tools().isEmpty() && request.toolChoice().mode() != ToolChoice.Mode.NONE;
        return tools ? new HeldToolCalls(ToolCallParser.of(format, callIds), request.oneToolCall()) : ToolCallOutput.NONE;
    }

    private static List<Map<String, Object>> messages(List<ChatMessage> messages) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ChatMessage m : messages) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", m.role().wireName());
            message.put("content", m.content());
            if (!m.toolCalls().isEmpty()) {
                List<Map<String, Object>> calls = new ArrayList<>();
                for (ToolCall call : m.toolCalls()) {
                    calls.add(Map.of("id", call.id(), "type", "function",
                            "function", Map.of("name", call.name(), "arguments", call.arguments())));
                }
                message.put("tool_calls", calls);
            }
            if (m.toolCallId() != null) message.put("tool_call_id", m.toolCallId());
            out.add(message);
        }
        return out;
    }

    private static List<Map<String, Object>> tools(List<ToolDefinition> tools) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ToolDefinition tool : tools) {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", tool.name());
            if (tool.description() != null) function.put("description", tool.description());
            if (tool.parameters() != null) function.put("parameters", parse(tool.parameters()));
            out.add(Map.of("type", "function", "function", function));
        }
        return out;
    }

    private static Object parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Object>() {});
        } catch (java.io.IOException e) {
            throw unsupported("tools: a function's parameters are not valid JSON");
        }
    }

    private static NativeException unsupported(String message) {
        return new NativeException(NativeException.Kind.UNSUPPORTED_OPTION, message);
    }
}
