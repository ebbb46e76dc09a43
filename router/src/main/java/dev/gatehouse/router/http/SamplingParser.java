package dev.gatehouse.router.http;

import static dev.gatehouse.router.http.JsonFields.describe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import dev.gatehouse.router.serving.Sampling;

/**
 * Validates the sampling fields: OpenAI's (temperature, top_p, penalties, logit_bias, seed, stop, logprobs) and
 * the llama.cpp/vLLM extensions top_k, min_p and repeat_penalty. Ranges are OpenAI's where it has one.
 */
final class SamplingParser {

    static final int MAX_STOP_STRINGS = 4;
    static final int MAX_TOP_LOGPROBS = 20;
    static final int MAX_LOGIT_BIAS = 300;

    private SamplingParser() {}

    static Sampling sampling(JsonNode body) {
        Double temperature = JsonFields.numberBetween(body, "temperature", 0, 2);
        Double topP = JsonFields.number(body, "top_p");
        if (topP != null && (topP <= 0 || topP > 1)) {
            throw InvalidRequestException.field("top_p", "must be greater than 0 and at most 1, was " + topP);
        }
        Long topK = JsonFields.integer(body, "top_k");
        if (topK != null && (topK < 0 || topK > Integer.MAX_VALUE)) {
            throw InvalidRequestException.field("top_k", "must be 0 (off) or more, was " + topK);
        }
        Double minP = JsonFields.numberBetween(body, "min_p", 0, 1);
        Double repeatPenalty = JsonFields.number(body, "repeat_penalty");
        if (repeatPenalty != null && repeatPenalty <= 0) {
            throw InvalidRequestException.field("repeat_penalty", "must be greater than 0 (1 is off), was "
                    + repeatPenalty);
        }
        Double frequencyPenalty = JsonFields.numberBetween(body, "frequency_penalty", -2, 2);
        Double presencePenalty = JsonFields.numberBetween(body, "presence_penalty", -2, 2);
        Long seed = JsonFields.integer(body, "seed");
        boolean logprobs = Boolean.TRUE.equals(JsonFields.bool(body, "logprobs"));
        return new Sampling(temperature, topP, topK == null ? null : topK.intValue(), minP, repeatPenalty,
                frequencyPenalty, presencePenalty, logitBias(body), seed, stop(body), logprobs,
                topLogprobs(body, logprobs));
    }

    /** 0 to 20 alternatives per token, and only when logprobs is true (OpenAI refuses it otherwise too). */
    private static Integer topLogprobs(JsonNode body, boolean logprobs) {
        Long value = JsonFields.integer(body, "top_logprobs");
        if (value == null) {
            return null;
        }
        if (value < 0 || value > MAX_TOP_LOGPROBS) {
            throw InvalidRequestException.field("top_logprobs", "must be between 0 and " + MAX_TOP_LOGPROBS
                    + ", was " + value);
        }
        if (!logprobs) {
            throw InvalidRequestException.field("top_logprobs", "needs logprobs set to true");
        }
        return value.intValue();
    }

    /** Token id (a decimal string) → bias between -100 and 100, at most 300 entries. */
    private static Map<Integer, Double> logitBias(JsonNode body) {
        JsonNode node = JsonFields.object(body, "logit_bias", "logit_bias");
        if (node == null) {
            return Map.of();
        }
        if (node.size() > MAX_LOGIT_BIAS) {
            throw InvalidRequestException.field("logit_bias", "must have at most " + MAX_LOGIT_BIAS
                    + " entries, had " + node.size());
        }
        Map<Integer, Double> bias = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            int token = tokenId(entry.getKey());
            String param = "logit_bias[\"" + token + "\"]";
            JsonNode value = entry.getValue();
            if (!value.isNumber()) {
                throw InvalidRequestException.field(param, "must be a number, was " + describe(value));
            }
            if (value.doubleValue() < -100 || value.doubleValue() > 100) {
                throw InvalidRequestException.field(param, "must be between -100 and 100, was " + value.asText());
            }
            bias.put(token, value.doubleValue());
        }
        return bias;
    }

    private static int tokenId(String key) {
        if (key.isEmpty() || key.length() > 10 || !key.chars().allMatch(c -> c >= '0' && c <= '9')
                || Long.parseLong(key) > Integer.MAX_VALUE) {
            throw InvalidRequestException.field("logit_bias", "keys must be token ids (non-negative integers "
                    + "written as strings), was " + JsonFields.quoted(key));
        }
        return Integer.parseInt(key);
    }

    private static List<String> stop(JsonNode body) {
        JsonNode node = JsonFields.optional(body, "stop");
        if (node == null) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            throw InvalidRequestException.field("stop", "must be a string or an array of strings, was "
                    + describe(node));
        }
        if (node.size() > MAX_STOP_STRINGS) {
            throw InvalidRequestException.field("stop",
                    "must have at most " + MAX_STOP_STRINGS + " strings, had " + node.size());
        }
        List<String> stop = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw InvalidRequestException.field("stop[" + i + "]", "must be a string, was "
                        + describe(node.get(i)));
            }
            stop.add(node.get(i).asText());
        }
        return stop;
    }
}
