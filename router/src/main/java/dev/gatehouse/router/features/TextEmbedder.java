package dev.gatehouse.router.features;

/** Sentence embeddings for routing features; one embedding per request, shared by every feature that needs it. */
public interface TextEmbedder {
    /** A unit-length vector. */
    float[] embed(String text);

    int dimensions();
}
