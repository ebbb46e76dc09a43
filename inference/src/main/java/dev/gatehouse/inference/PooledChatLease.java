package dev.gatehouse.inference;

import dev.gatehouse.manifest.ModelSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** A slot of a chat model; closing it closes the stream still running on it and returns the slot. */
final class PooledChatLease implements ChatLease {
    private final ModelPool pool;
    private final PoolEntry entry;
    private final ChatModel model;
    private final long acquiredAt = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();
    private TokenStream running;

    PooledChatLease(ModelPool pool, PoolEntry entry, ChatModel model) {
        this.pool = pool;
        this.entry = entry;
        this.model = model;
    }

    @Override
    public ModelSpec model() {
        return entry.spec;
    }

    @Override
    public int contextLength() {
        return model.contextLength();
    }

    @Override
    public int countPromptTokens(List<ChatMessage> messages) {
        checkOpen();
        return model.countPromptTokens(messages);
    }

    @Override
    public synchronized LocalGeneration generate(ChatRequest request) {
        checkOpen();
        if (running != null) throw new IllegalStateException("this lease already ran a generation");
        LocalGeneration started = model.generate(request);
        running = started;
        return started;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        TokenStream stream;
        synchronized (this) {
            stream = running;
        }
        try {
            if (stream != null) stream.close();
        } finally {
            pool.release(entry, System.nanoTime() - acquiredAt);
        }
    }

    private void checkOpen() {
        if (closed.get()) throw new IllegalStateException("lease on " + entry.spec.id() + " is closed");
    }
}
