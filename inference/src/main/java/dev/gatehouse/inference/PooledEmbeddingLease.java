package dev.gatehouse.inference;

import dev.gatehouse.manifest.ModelSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** A slot of an embedding model. */
final class PooledEmbeddingLease implements EmbeddingLease {
    private final ModelPool pool;
    private final PoolEntry entry;
    private final EmbeddingModel model;
    private final long acquiredAt = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();

    PooledEmbeddingLease(ModelPool pool, PoolEntry entry, EmbeddingModel model) {
        this.pool = pool;
        this.entry = entry;
        this.model = model;
    }

    @Override
    public ModelSpec model() {
        return entry.spec;
    }

    @Override
    public EmbeddingResult embed(List<String> inputs) {
        if (closed.get()) throw new IllegalStateException("lease on " + entry.spec.id() + " is closed");
        return model.embed(inputs);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pool.release(entry, System.nanoTime() - acquiredAt);
        }
    }
}
