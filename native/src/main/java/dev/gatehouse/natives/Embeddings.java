package dev.gatehouse.natives;

/**
 * The result of one {@link OnnxEmbedder#embed} call: one unit-length vector per input, in input order.
 *
 * @param vectors the embeddings
 * @param tokens  word pieces the model processed in total (special tokens included), for usage reporting
 */
public record Embeddings(float[][] vectors, int tokens) {
}
