package dev.gatehouse.manifest.gguf;

/**
 * Supplies a tensor's values while it is written, so a large tensor never exists as an array. The writer asks for
 * each index exactly once, in increasing order, so a stateful generator may ignore the index.
 */
@FunctionalInterface
public interface TensorValues {
    float at(long index);
}
