package dev.gatehouse.inference.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.FinishReason;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenLogprob;
import dev.gatehouse.inference.ToolCall;
import dev.gatehouse.inference.Usage;
import java.util.List;
import java.util.Map;

/** What differs between provider APIs: the request, the answer, the event stream, the error body. */
interface WireFormat {

    ObjectMapper MAPPER = new ObjectMapper();

    /** Path under the base URL. */
    String path();

    /** The headers that carry the key (and, for some APIs, the version they speak). */
    Map<String, String> authHeaders(ApiKey key);

    /**
     * The request fields this format cannot carry for this request (OpenAI names, e.g. {@code logprobs}), empty when
     * it can carry them all. The client refuses a request with any, instead of sending it without them.
     */
    List<String> unsupported(ChatRequest request, ProviderOptions options);

    /** The request body; only called when {@link #unsupported} found nothing. */
    byte[] body(String model, ChatRequest request, ProviderOptions options, boolean stream);

    /** A non-streaming answer; throws {@link IllegalArgumentException} when the body is not one. */
    Answer answer(JsonNode body);

    /** A fresh translator for one streamed response. */
    StreamTranslator translator();

    /** A request body's bytes. */
    static byte[] serialize(JsonNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** A JSON text as a tree; {@link IllegalArgumentException} when it is not JSON. */
    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON text", e);
        }
    }

    /** The provider's own message out of an error body, or the body itself cut short. */
    default String errorMessage(String body) {
        try {
            JsonNode message = MAPPER.readTree(body).path("error").path("message");
            if (message.isTextual()) {
                return message.asText();
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // fall through to the raw text
        }
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    /**
     * A whole answer.
     *
     * @param logprobs  one entry per generated token when logprobs were asked for and the provider sent them
     * @param toolCalls the calls the model made
     */
    record Answer(String text, FinishReason finishReason, Usage usage, List<TokenLogprob> logprobs,
                  List<ToolCall> toolCalls) {
        public Answer {
            logprobs = List.copyOf(logprobs);
            toolCalls = List.copyOf(toolCalls);
        }
    }

    /** Turns one provider's stream of events into our token events. */
    interface StreamTranslator {
        /**
         * Adds the token events this SSE event yields to {@code out}, the {@link TokenEvent.End} last.
         *
         * @throws StreamErrorEvent for the provider's error event
         * @throws IllegalArgumentException for an event that is not valid for the format
         */
        void accept(SseEvent event, List<TokenEvent> out);

        /** At the end of the body: the end event if the stream was complete without its terminator, else null. */
        TokenEvent.End atEndOfBody();
    }

    /** The provider sent an error event inside its stream. */
    final class StreamErrorEvent extends RuntimeException {
        final ProviderException.Kind kind;

        StreamErrorEvent(ProviderException.Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }
}
