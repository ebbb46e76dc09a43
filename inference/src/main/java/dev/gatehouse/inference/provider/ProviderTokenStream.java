package dev.gatehouse.inference.provider;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.inference.provider.ProviderException.Kind;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A provider's event stream as token events. {@link #open} reads up to the first token before returning, so a
 * failure up to there is a {@link ProviderException} (fallback allowed); after it, a failure surfaces from
 * {@link #next()} as {@link InferenceException.Kind#PROVIDER_FAILED} with kind {@link Kind#STREAM_BROKEN} as cause,
 * which the HTTP layer writes as a final error event: the answer is never silently cut short.
 */
final class ProviderTokenStream implements TokenStream {

    private final ProviderEndpoint endpoint;
    private final WireFormat.StreamTranslator translator;
    private final BodyQueue body;
    private final ArrayDeque<TokenEvent> pending = new ArrayDeque<>();
    private final List<TokenEvent> batch = new ArrayList<>(4);
    private boolean opened;
    private boolean ended;
    private volatile boolean closed;

    private ProviderTokenStream(ProviderEndpoint endpoint, WireFormat.StreamTranslator translator, BodyQueue body) {
        this.endpoint = endpoint;
        this.translator = translator;
        this.body = body;
    }

    static ProviderTokenStream open(ProviderEndpoint endpoint, WireFormat.StreamTranslator translator, BodyQueue body,
            long deadlineNanos) {
        var stream = new ProviderTokenStream(endpoint, translator, body);
        stream.fill(deadlineNanos);
        stream.opened = true;
        return stream;
    }

    @Override
    public TokenEvent next() {
        if (closed) {
            throw new InferenceException(InferenceException.Kind.CANCELLED, "the stream was closed");
        }
        if (pending.isEmpty()) {
            if (ended) {
                throw new IllegalStateException("next() after the end");
            }
            // the timeout also bounds the silence between two events
            fill(System.nanoTime() + endpoint.timeout().toNanos());
        }
        return pending.poll();
    }

    @Override
    public boolean ready() {
        return !pending.isEmpty();
    }

    /** Reads events until at least one token event is pending. */
    private void fill(long deadlineNanos) {
        try {
            while (pending.isEmpty()) {
                SseEvent event = SseEvent.read(body, deadlineNanos);
                if (event == null) {
                    TokenEvent.End end = translator.atEndOfBody();
                    if (end == null) {
                        throw fail(opened ? Kind.STREAM_BROKEN : Kind.BROKEN_BEFORE_FIRST_TOKEN,
                                "the stream ended without its end event", null);
                    }
                    pending.add(end);
                    break;
                }
                batch.clear();
                translator.accept(event, batch);
                pending.addAll(batch);
            }
            if (pending.peekLast() instanceof TokenEvent.End) {
                ended = true;
                body.finish(); // read the body's last bytes so the connection goes back to the pool
            }
        } catch (TimeoutException e) {
            throw fail(Kind.TIMEOUT, "no event within " + endpoint.timeout(), e);
        } catch (IOException | java.util.concurrent.CancellationException e) {
            if (closed) {
                throw new InferenceException(InferenceException.Kind.CANCELLED, "the stream was closed");
            }
            throw fail(Kind.BROKEN_BEFORE_FIRST_TOKEN, "the stream broke: " + e.getMessage(), e);
        } catch (WireFormat.StreamErrorEvent e) {
            throw fail(e.kind, "error event: " + e.getMessage(), null);
        } catch (IllegalArgumentException e) {
            throw fail(Kind.BROKEN_BEFORE_FIRST_TOKEN, "malformed stream: " + e.getMessage(), e);
        }
    }

    /** Before the first token: the kind as classified. After it: an in-stream break, whatever the cause. */
    private RuntimeException fail(Kind kind, String message, Throwable cause) {
        body.cancel();
        ended = true;
        if (!opened) {
            return new ProviderException(kind, endpoint.id(), message, null, cause);
        }
        var broken = new ProviderException(Kind.STREAM_BROKEN, endpoint.id(), message + " after the answer began",
                null, cause);
        return new InferenceException(InferenceException.Kind.PROVIDER_FAILED, broken.getMessage(), null, broken);
    }

    @Override
    public void close() {
        closed = true;
        body.cancel();
    }
}
