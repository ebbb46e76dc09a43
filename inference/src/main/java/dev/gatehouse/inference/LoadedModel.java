package dev.gatehouse.inference;

/** A model that is running and owned by exactly one pool entry; {@link #close()} unloads it and frees its memory. */
public interface LoadedModel extends AutoCloseable {

    /** Context length the model was loaded with, in tokens. */
    int contextLength();

    /** Process that holds the model's memory: a worker's pid, or -1 when it runs inside this JVM. */
    long pid();

    /** What runs it. */
    ModelRuntime runtime();

    /** False once the model can no longer serve (its worker died); the pool then marks it failed. */
    boolean alive();

    @Override
    void close();
}
