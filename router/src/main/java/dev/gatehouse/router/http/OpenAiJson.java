package dev.gatehouse.router.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.inference.FinishReason;
import dev.gatehouse.inference.ModelStatus;
import dev.gatehouse.inference.TokenLogprob;
import dev.gatehouse.inference.ToolCall;
import dev.gatehouse.inference.Usage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** The OpenAI wire objects this server writes, built as JSON trees (no JSON round-trips through other types). */
final class OpenAiJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenAiJson() {}

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /**
     * The non-streaming {@code chat.completion} object. {@code content} is null when the model only called tools,
     * as OpenAI writes it.
     *
     * @param logprobs the answer's token logprobs, or null when the request did not ask for them
     */
    static ObjectNode completion(String id, long created, String model, String text, List<TokenLogprob> logprobs,
            List<ToolCall> toolCalls, FinishReason finish, Usage usage) {
        ObjectNode root = head(id, "chat.completion", created, model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (text.isEmpty() && !toolCalls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text);
        }
        if (!toolCalls.isEmpty()) {
            message.set("tool_calls", ChoiceJson.toolCalls(toolCalls, false));
        }
        logprobs(choice, logprobs);
        choice.put("finish_reason", finish.wireName());
        root.set("usage", usage(usage));
        return root;
    }

    /**
     * A {@code chat.completion.chunk}; role and content are omitted when null, finish is null until the end.
     *
     * @param logprobs the logprobs of this chunk's tokens, or null (written as null) when not asked for
     */
    static ObjectNode chunk(String id, long created, String model, String role, String content,
            List<TokenLogprob> logprobs, FinishReason finish, boolean includeUsage) {
        ObjectNode root = head(id, "chat.completion.chunk", created, model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (role != null) {
            delta.put("role", role);
        }
        if (content != null) {
            delta.put("content", content);
        }
        logprobs(choice, logprobs);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish.wireName());
        }
        if (includeUsage) {
            root.putNull("usage"); // OpenAI sends null on every chunk but the last when include_usage is on
        }
        return root;
    }

    /** The chunk that hands out the model's tool calls, whole, before the finish chunk. */
    static ObjectNode toolCallsChunk(String id, long created, String model, List<ToolCall> toolCalls,
            boolean includeUsage) {
        ObjectNode root = chunk(id, created, model, null, null, null, null, includeUsage);
        ((ObjectNode) root.get("choices").get(0).get("delta")).set("tool_calls", ChoiceJson.toolCalls(toolCalls, true));
        return root;
    }

    private static void logprobs(ObjectNode choice, List<TokenLogprob> logprobs) {
        if (logprobs == null) {
            choice.putNull("logprobs");
        } else {
            choice.set("logprobs", ChoiceJson.logprobs(logprobs));
        }
    }

    /** The extra last chunk of {@code stream_options.include_usage}: no choices, only usage. */
    static ObjectNode usageChunk(String id, long created, String model, Usage usage) {
        ObjectNode root = head(id, "chat.completion.chunk", created, model);
        root.putArray("choices");
        root.set("usage", usage(usage));
        return root;
    }

    /**
     * Adds {@code usage.gatehouse_cost}: what the answer cost from its real token counts and the target's prices, in
     * the currency of the policy's prices (an extension; OpenAI clients ignore unknown usage fields).
     */
    static ObjectNode withCost(ObjectNode root, dev.gatehouse.router.escalation.Cost cost) {
        if (cost != null && root.get("usage") instanceof ObjectNode usage) {
            usage.put("gatehouse_cost", cost.units());
        }
        return root;
    }

    static ObjectNode usage(Usage usage) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("prompt_tokens", usage.promptTokens());
        node.put("completion_tokens", usage.completionTokens());
        node.put("total_tokens", usage.totalTokens());
        return node;
    }

    static ObjectNode error(String message, String type, String param, String code) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return root;
    }

    static ObjectNode modelList(List<ModelStatus> models, long created) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (ModelStatus status : models) {
            data.add(model(status, created));
        }
        return root;
    }

    /** One entry of the model list; also the body of {@code GET /v1/models/{id}}. */
    static ObjectNode model(ModelStatus status, long created) {
        ObjectNode model = MAPPER.createObjectNode();
        model.put("id", status.spec().id());
        model.put("object", "model");
        model.put("created", created);
        model.put("owned_by", "gatehouse");
        model.put("state", status.state().wireName());
        model.put("tier", status.spec().tier().name().toLowerCase(Locale.ROOT));
        model.put("format", status.spec().format().name().toLowerCase(Locale.ROOT));
        model.put("context", status.contextLength());
        ArrayNode tasks = model.putArray("tasks");
        status.spec().tasks().stream().map(t -> t.name().toLowerCase(Locale.ROOT)).sorted().forEach(tasks::add);
        ArrayNode aliases = model.putArray("aliases");
        status.spec().aliases().forEach(aliases::add);
        return model;
    }

    static ObjectNode embeddings(String model, List<float[]> vectors, boolean base64, int promptTokens) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (base64) {
                item.put("embedding", base64(vectors.get(i)));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vectors.get(i)) {
                    values.add(v);
                }
            }
        }
        root.put("model", model);
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("total_tokens", promptTokens);
        return root;
    }

    /** OpenAI's base64 encoding: the little-endian float32 bytes of the vector. */
    private static String base64(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            buffer.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    private static ObjectNode head(String id, String object, long created, String model) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        return root;
    }
}
