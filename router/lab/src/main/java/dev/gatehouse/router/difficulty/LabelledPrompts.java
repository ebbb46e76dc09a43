package dev.gatehouse.router.difficulty;

import dev.gatehouse.router.features.TextEmbedder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Labelled prompts with their embeddings, row for row. */
public record LabelledPrompts(List<RoutingExample> examples, float[][] embeddings) {
    public LabelledPrompts {
        examples = List.copyOf(examples);
        if (embeddings.length != examples.size()) {
            throw new IllegalArgumentException(examples.size() + " examples but " + embeddings.length + " embeddings");
        }
    }

    /** Embeds every prompt, through the on-disk cache in {@code cacheDir}. */
    public static LabelledPrompts embed(List<RoutingExample> examples, TextEmbedder embedder, String embedderName,
            Path cacheDir, PrintWriter log) throws IOException {
        var cache = EmbeddingCache.open(cacheDir, embedderName, embedder.dimensions());
        return new LabelledPrompts(examples, cache.embedAll(examples.stream().map(RoutingExample::prompt).toList(), embedder, log));
    }

    /** The rows whose group is (or is not) in {@code groups}. */
    public LabelledPrompts inGroups(java.util.Set<String> groups, boolean inside) {
        boolean[] marked = new boolean[examples.size()];
        for (int i = 0; i < marked.length; i++) marked[i] = groups.contains(examples.get(i).group());
        return rows(marked, inside);
    }

    /** The rows whose flag in {@code marked} equals {@code inside}. */
    public LabelledPrompts rows(boolean[] marked, boolean inside) {
        var keep = new java.util.ArrayList<RoutingExample>();
        var vectors = new java.util.ArrayList<float[]>();
        for (int i = 0; i < examples.size(); i++) {
            if (marked[i] == inside) {
                keep.add(examples.get(i));
                vectors.add(embeddings[i]);
            }
        }
        return new LabelledPrompts(keep, vectors.toArray(float[][]::new));
    }

    public DifficultyModel train(DifficultyTrainer.Provenance provenance, long seed, DifficultyTrainer.Validation validation) {
        return DifficultyTrainer.train(examples, embeddings, provenance, seed, validation);
    }
}
