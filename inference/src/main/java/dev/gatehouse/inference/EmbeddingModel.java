package dev.gatehouse.inference;

import java.util.List;

/** A loaded model that maps texts to unit vectors. */
public interface EmbeddingModel extends LoadedModel {
    EmbeddingResult embed(List<String> inputs);

    int dimensions();
}
