package dev.gatehouse.natives;

/**
 * Turns a text into the window an embedder reads: the ids of its first word pieces with the special ones, truncated
 * to the embedder's length. Two implementations give identical windows: {@link BertWordPieceTokenizer} in Java for
 * the BERT tokenizers it recognises, and DJL's HuggingFace tokenizer ({@link WindowedTokenizer}) for every other.
 */
sealed interface EmbeddingTokenizer extends AutoCloseable permits BertWordPieceTokenizer, WindowedTokenizer {

    EmbeddingWindow window(String text);

    @Override
    void close();
}
