package dev.gatehouse.inference;

import dev.gatehouse.manifest.ModelSpec;
import java.util.List;

/** One slot of a loaded embedding model; closing it returns the slot. */
public interface EmbeddingLease extends AutoCloseable {
    ModelSpec model();

    EmbeddingResult embed(List<String> inputs);

    @Override
    void close();
}
