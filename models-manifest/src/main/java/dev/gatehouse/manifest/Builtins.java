package dev.gatehouse.manifest;

import java.util.List;
import java.util.Set;

/** Models shipped inside the Gatehouse jar, which a manifest names with {@code builtin:} instead of a file. */
final class Builtins {
    static final String MINILM = "all-minilm-l6-v2";
    static final String MINILM_ID = "minilm";
    static final List<String> KNOWN = List.of(MINILM);

    private Builtins() {
    }

    /** The embedding model every deployment has unless the manifest declares it itself. */
    static ModelSpec minilm(boolean isDefault) {
        return new ModelSpec(MINILM_ID, List.of(), ModelFormat.ONNX, null, MINILM, null, null,
                Set.of(TaskKind.EMBEDDINGS), Tier.SMALL, isDefault, null, null, null, ServingHints.NONE);
    }
}
