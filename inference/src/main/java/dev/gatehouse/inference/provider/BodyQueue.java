package dev.gatehouse.inference.provider;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response body read line by line with a timeout per wait, on the caller's thread. The JDK client pushes buffers
 * here one request at a time (backpressure); {@link #cancel()} cancels the subscription, which aborts the HTTP
 * exchange and frees the connection. SSE lines end with a {@code \n} byte, which never occurs inside a multi-byte
 * UTF-8 character, so splitting bytes on it is safe.
 */
final class BodyQueue implements HttpResponse.BodySubscriber<BodyQueue> {

    private static final Object END = new Object();

    private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;
    private byte[] pending = new byte[0];
    private int pendingLength;
    private boolean ended;

    @Override
    public CompletionStage<BodyQueue> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelled) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        items.add(buffers);
    }

    @Override
    public void onError(Throwable failure) {
        items.add(failure);
    }

    @Override
    public void onComplete() {
        items.add(END);
    }

    /** The next line without its line ending, or null at the end of the body. */
    String nextLine(long deadlineNanos) throws IOException, TimeoutException {
        while (true) {
            for (int i = 0; i < pendingLength; i++) {
                if (pending[i] == '\n') {
                    int end = i > 0 && pending[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(pending, 0, end, StandardCharsets.UTF_8);
                    System.arraycopy(pending, i + 1, pending, 0, pendingLength - i - 1);
                    pendingLength -= i + 1;
                    return line;
                }
            }
            if (ended) {
                if (pendingLength == 0) {
                    return null;
                }
                String last = new String(pending, 0, pendingLength, StandardCharsets.UTF_8);
                pendingLength = 0;
                return last;
            }
            take(deadlineNanos);
        }
    }

    /** The rest of the body (at most {@code limit} bytes) as text; for error responses. */
    String rest(long deadlineNanos, int limit) throws IOException, TimeoutException {
        while (!ended && pendingLength < limit) {
            take(deadlineNanos);
        }
        String text = new String(pending, 0, Math.min(pendingLength, limit), StandardCharsets.UTF_8);
        pendingLength = 0;
        return text;
    }

    private void take(long deadlineNanos) throws IOException, TimeoutException {
        Object item;
        try {
            long wait = deadlineNanos - System.nanoTime();
            item = wait > 0 ? items.poll(wait, TimeUnit.NANOSECONDS) : items.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the response", e);
        }
        if (item == null) {
            throw new TimeoutException();
        }
        if (item == END) {
            ended = true;
            return;
        }
        if (item instanceof Throwable failure) {
            ended = true;
            throw failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
        }
        @SuppressWarnings("unchecked")
        List<ByteBuffer> buffers = (List<ByteBuffer>) item;
        for (ByteBuffer buffer : buffers) {
            append(buffer);
        }
        subscription.request(1);
    }

    private void append(ByteBuffer buffer) {
        int n = buffer.remaining();
        if (pendingLength + n > pending.length) {
            pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + n));
        }
        buffer.get(pending, pendingLength, n);
        pendingLength += n;
    }

    /**
     * After the last event: reads what is left (normally just the end of the chunked body) for a moment so the
     * connection can be reused, and aborts the exchange if more is left.
     */
    void finish() {
        try {
            rest(System.nanoTime() + 100_000_000L, 64 << 10);
            if (!ended) {
                cancel();
            }
        } catch (IOException | TimeoutException e) {
            cancel();
        }
    }

    /** Aborts the exchange; idempotent, safe from any thread. */
    void cancel() {
        cancelled = true;
        items.add(new java.util.concurrent.CancellationException("the response was cancelled")); // wakes a reader
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
