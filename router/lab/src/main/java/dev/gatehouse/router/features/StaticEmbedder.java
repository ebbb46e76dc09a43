package dev.gatehouse.router.features;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A routing embedding without a transformer: one vector per word piece of MiniLM's vocabulary ({@link StaticTable}),
 * and a prompt's vector is the sum of its pieces' vectors, made unit length. It reads exactly the pieces MiniLM
 * reads (the first {@value MiniLmEmbedder#WORD_PIECES}, [CLS] and [SEP] included: their rows act as a constant
 * offset the table was fitted with), so a table fitted to regress onto MiniLM's embeddings stands in for it. A
 * look-up and a few thousand additions instead of six transformer layers.
 */
public final class StaticEmbedder implements TextEmbedder, AutoCloseable {
    private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

    private final StaticTable table;
    private final PieceWindow window;

    private StaticEmbedder(StaticTable table, PieceWindow window) {
        this.table = table;
        this.window = window;
    }

    /** The table in {@code file} (written by {@code gatehouse distill-static}). */
    public static StaticEmbedder open(Path file) {
        try {
            return over(StaticTable.read(file));
        } catch (IOException e) {
            throw new UncheckedIOException("static embedding table " + file, e);
        }
    }

    /** Any table over MiniLM's vocabulary, with MiniLM's tokenizer and window. */
    public static StaticEmbedder over(StaticTable table) {
        return new StaticEmbedder(table, PieceWindow.miniLm());
    }

    /** Names the vectors this embedder makes (cached vectors and trained models say which). */
    public String name() {
        return table.name();
    }

    @Override
    public float[] embed(String text) {
        return table.unitSum(window.ids(text));
    }

    @Override
    public int dimensions() {
        return table.dimensions();
    }

    @Override
    public void close() {
        window.close();
    }

    /** MiniLM's own tokenizer from its jar, truncating as OnnxEmbedder does ([CLS] + pieces + [SEP]). */
    static HuggingFaceTokenizer openTokenizer() {
        try (InputStream in = StaticEmbedder.class.getClassLoader().getResourceAsStream(TOKENIZER)) {
            if (in == null) throw new IOException("classpath resource " + TOKENIZER + " not found (langchain4j MiniLM jar)");
            return HuggingFaceTokenizer.newInstance(in, Map.of("addSpecialTokens", "true", "truncation", "true",
                    "padding", "false", "maxLength", Integer.toString(MiniLmEmbedder.WORD_PIECES)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
