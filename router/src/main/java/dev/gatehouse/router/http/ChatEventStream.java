package dev.gatehouse.router.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.serving.ChatReply;
import dev.gatehouse.router.serving.RequestTimeoutException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Writes a generation as OpenAI server-sent events, one flushed event per piece: a role chunk, content chunks (with
 * their tokens' logprobs when asked), the tool calls when the model made any, a finish chunk, optionally a usage
 * chunk, then {@code [DONE]}. A failure after the first byte cannot change the
 * status any more, so it travels as a final {@code error} event and the stream ends without {@code [DONE]}.
 */
final class ChatEventStream {

    private static final Logger LOG = Logger.getLogger(ChatEventStream.class.getName());
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private ChatEventStream() {}

    /**
     * @param logprobs the request asked for logprobs: each content chunk carries those of its tokens
     * @param cost     what the answer cost, known once its last event was read
     * @param keepText whether the delivery keeps the completion text (prompts are logged)
     */
    static ChatReply.Delivery write(TokenStream tokens, HttpChatReply.CompletionIds ids, boolean includeUsage,
            boolean logprobs, ServerResponse res, RequestRecord record, Supplier<Cost> cost, boolean keepText) {
        // Wait for the first event before committing the status: a generation that fails at once gets a real
        // HTTP error instead of a 200 with an error event.
        TokenEvent event = tokens.next();
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        record.responseStarted = true;
        StringBuilder completion = keepText ? new StringBuilder() : null;
        long firstToken = -1;
        int promptTokens = -1;
        int completionTokens = -1;
        String errorCode = null;
        boolean clientClosed = false;
        try (OutputStream out = res.outputStream()) {
            send(out, OpenAiJson.chunk(ids.id(), ids.created(), ids.model(), "assistant", "", null, null,
                    includeUsage));
            try {
                while (event instanceof TokenEvent.Text piece) {
                    if (firstToken < 0) {
                        firstToken = System.nanoTime();
                    }
                    if (completion != null) {
                        completion.append(piece.text());
                    }
                    // Flush when the model has nothing more ready: one write per token, but one flush per burst
                    // when the client side falls behind the model.
                    write(out, OpenAiJson.chunk(ids.id(), ids.created(), ids.model(), null, piece.text(),
                            logprobs ? piece.logprobs() : null, null, includeUsage));
                    if (!tokens.ready()) {
                        out.flush();
                    }
                    event = tokens.next();
                }
                TokenEvent.End end = (TokenEvent.End) event;
                promptTokens = end.usage().promptTokens();
                completionTokens = end.usage().completionTokens();
                if (!end.toolCalls().isEmpty()) {
                    write(out, OpenAiJson.toolCallsChunk(ids.id(), ids.created(), ids.model(), end.toolCalls(),
                            includeUsage));
                }
                send(out, OpenAiJson.chunk(ids.id(), ids.created(), ids.model(), null, null, null,
                        end.finishReason(), includeUsage));
                if (includeUsage) {
                    send(out, OpenAiJson.withCost(OpenAiJson.usageChunk(ids.id(), ids.created(), ids.model(),
                            end.usage()), cost.get()));
                }
                out.write(DONE);
                out.flush();
            } catch (InferenceException | RequestTimeoutException failure) {
                ApiError error = ErrorMapping.map(failure, record.requestId);
                errorCode = error.code();
                LOG.warning("request " + record.requestId + ": generation failed mid-stream: " + error.code());
                send(out, OpenAiJson.error(error.message(), error.type(), error.param(), error.code()));
            }
        } catch (IOException | UncheckedIOException clientGone) {
            // the caller closes the token stream, which cancels generation and frees the slot
            clientClosed = true;
            errorCode = "client_closed";
        }
        return new ChatReply.Delivery(promptTokens, completionTokens, firstToken,
                completion == null ? null : completion.toString(), errorCode, clientClosed);
    }

    private static void send(OutputStream out, JsonNode event) throws IOException {
        write(out, event);
        out.flush();
    }

    /** One event in one write: the stream below may turn every write into its own chunk. */
    private static void write(OutputStream out, JsonNode event) throws IOException {
        byte[] json = OpenAiJson.bytes(event);
        byte[] frame = new byte[DATA.length + json.length + 2];
        System.arraycopy(DATA, 0, frame, 0, DATA.length);
        System.arraycopy(json, 0, frame, DATA.length, json.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        out.write(frame);
    }
}
