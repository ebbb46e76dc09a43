package dev.gatehouse.manifest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Models shipped inside the Gatehouse jar, which a manifest names with {@code builtin:} instead of a file. */
final class Builtins {
    static final String MINILM = "all-minilm-l6-v2";
    static final String MINILM_ID = "minilm";
    static final String STORIES = "stories260k";

    /**
     * One model in the jar.
     *
     * @param name     the {@code builtin:} value
     * @param format   gguf models are extracted to a file for the worker process; onnx ones load from the classpath
     * @param tasks    what it can serve
     * @param resource classpath resource of a gguf model, null for onnx (the native module bundles those)
     * @param fileName name of the extracted file
     * @param sha256   expected checksum of the resource (lower-case hex), which also names its cache folder
     */
    record Builtin(String name, ModelFormat format, Set<TaskKind> tasks, String resource, String fileName,
                   String sha256) {
    }

    static final List<Builtin> ALL = List.of(
            new Builtin(MINILM, ModelFormat.ONNX, Set.of(TaskKind.EMBEDDINGS), null, null, null),
            // Karpathy's tinyllamas (MIT), 1.2 MB: answers chat on a fresh clone. Licence beside the resource.
            new Builtin(STORIES, ModelFormat.GGUF, Set.of(TaskKind.CHAT),
                    "dev/gatehouse/manifest/builtin/stories260K.gguf", "stories260K.gguf",
                    "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d"));

    static final List<String> KNOWN = ALL.stream().map(Builtin::name).toList();

    private Builtins() {
    }

    static Optional<Builtin> find(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return ALL.stream().filter(b -> b.name().equals(lower)).findFirst();
    }

    /** The embedding model every deployment has unless the manifest declares it itself. */
    static ModelSpec minilm(boolean isDefault) {
        return new ModelSpec(MINILM_ID, List.of(), ModelFormat.ONNX, null, MINILM, null, null,
                Set.of(TaskKind.EMBEDDINGS), Tier.SMALL, isDefault, null, null, null, ServingHints.NONE);
    }
}
