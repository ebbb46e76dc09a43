package dev.gatehouse.router.http;

import static dev.gatehouse.router.http.JsonFields.describe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ToolChoice;
import dev.gatehouse.inference.ToolDefinition;
import java.util.List;
import dev.gatehouse.router.serving.ChatCompletionRequest;
import dev.gatehouse.router.serving.Sampling;

/**
 * Validates the body of {@code POST /v1/chat/completions} into a {@link ChatCompletionRequest}. Every rule names
 * its field; unknown top-level fields are ignored because OpenAI clients send many we do not use. Messages, tools,
 * sampling and the response format each have their own parser.
 */
final class ChatCompletionParser {

    private ChatCompletionParser() {}

    static ChatCompletionRequest parse(JsonNode body) {
        if (!body.isObject()) {
            throw InvalidRequestException.field("(body)", "must be a JSON object, was " + describe(body));
        }
        String model = JsonFields.string(body, "model", "model");
        List<ChatMessage> messages = MessageParser.messages(body);
        boolean stream = Boolean.TRUE.equals(JsonFields.bool(body, "stream"));
        boolean includeUsage = includeUsage(body);
        Integer maxTokens = maxTokens(body);
        Sampling sampling = SamplingParser.sampling(body);
        Long n = JsonFields.integer(body, "n");
        if (n != null && n != 1) {
            throw InvalidRequestException.field("n", "only 1 choice per request is supported, was " + n);
        }
        JsonFields.string(body, "user", "user");
        List<ToolDefinition> tools = ToolParser.tools(body);
        ToolChoice toolChoice = ToolParser.toolChoice(body, tools);
        Boolean parallelToolCalls = JsonFields.bool(body, "parallel_tool_calls");
        return new ChatCompletionRequest(model, messages, stream, includeUsage, maxTokens, sampling, tools,
                toolChoice, parallelToolCalls, ResponseFormatParser.responseFormat(body));
    }

    private static boolean includeUsage(JsonNode body) {
        JsonNode options = JsonFields.optional(body, "stream_options");
        if (options == null) {
            return false;
        }
        if (!options.isObject()) {
            throw InvalidRequestException.field("stream_options", "must be an object, was " + describe(options));
        }
        JsonNode include = JsonFields.optional(options, "include_usage");
        if (include != null && !include.isBoolean()) {
            throw InvalidRequestException.field("stream_options.include_usage",
                    "must be true or false, was " + describe(include));
        }
        return include != null && include.booleanValue();
    }

    /** {@code max_tokens}, or its newer name {@code max_completion_tokens}. */
    private static Integer maxTokens(JsonNode body) {
        String name = JsonFields.optional(body, "max_tokens") != null ? "max_tokens" : "max_completion_tokens";
        Long value = JsonFields.integer(body, name);
        if (value == null) {
            return null;
        }
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw InvalidRequestException.field(name, "must be at least 1, was " + value);
        }
        return value.intValue();
    }
}
