package dev.gatehouse.inference.provider;

import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.TokenStream;
import java.net.http.HttpClient;

/**
 * Talks to one provider over HTTP, no SDKs: {@code java.net.http} for streams and {@code https}, Helidon's blocking
 * HTTP/1.1 client for a non-streaming call over plain {@code http} ({@link PlainHttpExchange}). A call returns once
 * the first token (or the end) has arrived, so every failure up to that point is a {@link ProviderException} the
 * caller may fall back on; after it, {@link TokenStream#next()} reports a break as an
 * {@link dev.gatehouse.inference.InferenceException} of kind {@code PROVIDER_FAILED}. Closing the stream cancels the
 * HTTP exchange.
 */
public interface ProviderClient {

    ProviderEndpoint endpoint();

    /**
     * @param model   the provider's model name, e.g. {@code gpt-4o-mini}
     * @param options what the provider takes in OpenAI's own form (response format, parallel tool calls)
     * @throws ProviderException for any failure before the first token
     * @throws dev.gatehouse.inference.UnsupportedOptionException before any call, when the provider's wire format
     *         cannot carry something the request asks for
     */
    TokenStream chat(String model, ChatRequest request, ProviderOptions options, Delivery delivery);

    /** A request with nothing beyond what {@link ChatRequest} carries. */
    default TokenStream chat(String model, ChatRequest request, Delivery delivery) {
        return chat(model, request, ProviderOptions.NONE, delivery);
    }

    /** A client for the endpoint's wire format, with its own connection pool. */
    static ProviderClient create(ProviderEndpoint endpoint) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(endpoint.timeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect must not carry the key elsewhere
                // the client's own steps run on the thread that makes them ready (the caller's, or the client's
                // selector thread) instead of hopping to a pool thread each: every hop is a wake-up on a busy
                // machine, and the caller, a virtual thread, blocks on the answer anyway. Safe because nothing
                // chained on its futures blocks: BodyQueue only enqueues, and the caller waits with a deadline
                .executor(Runnable::run)
                .build();
        WireFormat format = switch (endpoint.kind()) {
            case OPENAI -> new OpenAiFormat();
            case ANTHROPIC -> new AnthropicFormat();
        };
        return new HttpProviderClient(endpoint, format, http);
    }
}
