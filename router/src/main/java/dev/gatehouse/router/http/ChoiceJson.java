package dev.gatehouse.router.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.inference.TokenLogprob;
import dev.gatehouse.inference.ToolCall;
import java.util.List;

/** The parts of a choice beyond its text, in OpenAI's shapes: {@code logprobs} and {@code tool_calls}. */
final class ChoiceJson {

    /** What OpenAI writes for a probability of zero: JSON has no -Infinity. */
    static final double LOG_OF_ZERO = -9999.0;

    private ChoiceJson() {}

    /** {@code {"content": [{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}]}}. */
    static ObjectNode logprobs(List<TokenLogprob> tokens) {
        ObjectNode root = OpenAiJson.MAPPER.createObjectNode();
        ArrayNode content = root.putArray("content");
        for (TokenLogprob token : tokens) {
            ObjectNode entry = content.addObject();
            entry.put("token", token.token());
            entry.put("logprob", finite(token.logprob()));
            bytes(entry.putArray("bytes"), token.bytes());
            ArrayNode top = entry.putArray("top_logprobs");
            for (TokenLogprob.Alternative alternative : token.topLogprobs()) {
                ObjectNode alt = top.addObject();
                alt.put("token", alternative.token());
                alt.put("logprob", finite(alternative.logprob()));
                bytes(alt.putArray("bytes"), alternative.bytes());
            }
        }
        return root;
    }

    /**
     * {@code [{id, type: "function", function: {name, arguments}}]}; in a stream each call also carries its
     * {@code index}, which is how clients put streamed pieces together.
     */
    static ArrayNode toolCalls(List<ToolCall> calls, boolean indexed) {
        ArrayNode array = OpenAiJson.MAPPER.createArrayNode();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            ObjectNode node = array.addObject();
            if (indexed) {
                node.put("index", i);
            }
            node.put("id", call.id());
            node.put("type", "function");
            node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
        }
        return array;
    }

    /** OpenAI writes bytes as unsigned integers 0–255. */
    private static void bytes(ArrayNode array, byte[] bytes) {
        for (byte b : bytes) {
            array.add(b & 0xff);
        }
    }

    private static double finite(double logprob) {
        return Double.isFinite(logprob) ? logprob : LOG_OF_ZERO;
    }
}
