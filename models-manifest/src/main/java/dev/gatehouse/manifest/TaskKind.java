package dev.gatehouse.manifest;

/** What a model can be asked to do. */
public enum TaskKind {
    CHAT,
    EMBEDDINGS
}
