package dev.gatehouse.router.eval;

import dev.gatehouse.router.features.MiniLmEmbedder;
import dev.gatehouse.router.features.StaticEmbedder;
import dev.gatehouse.router.features.TextEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The routing embedder an evaluation runs with ({@code --embedder}): {@value #MINILM} (the default),
 * {@code minilm-N} (MiniLM reading only the first N word pieces instead of 128, to measure what a shorter window
 * costs in accuracy and saves in time), or the path of a static table written by {@code gatehouse distill-static}.
 * The name goes into embedding caches and trained models, so vectors of one embedder are never read as another's.
 */
record EmbedderChoice(TextEmbedder embedder, String name, AutoCloseable resource) implements AutoCloseable {
    static final String MINILM = "minilm";
    private static final Pattern WINDOW = Pattern.compile(MINILM + "-(\\d{1,4})");
    /** MiniLM's position embeddings end here. */
    private static final int MAX_WORD_PIECES = 512;

    static EmbedderChoice open(String option) {
        if (option == null || option.equals(MINILM)) {
            MiniLmEmbedder miniLm = MiniLmEmbedder.open();
            return new EmbedderChoice(miniLm, MiniLmEmbedder.NAME, miniLm);
        }
        var window = WINDOW.matcher(option);
        if (window.matches()) {
            int pieces = Integer.parseInt(window.group(1));
            if (pieces < 8 || pieces > MAX_WORD_PIECES) {
                throw new IllegalArgumentException("--embedder: " + MINILM + "-N takes 8 to " + MAX_WORD_PIECES
                        + " word pieces, not " + pieces);
            }
            MiniLmEmbedder miniLm = MiniLmEmbedder.open(pieces);
            return new EmbedderChoice(miniLm, MiniLmEmbedder.name(pieces), miniLm);
        }
        Path table = Path.of(option);
        if (!Files.isRegularFile(table)) {
            throw new IllegalArgumentException("--embedder: expected '" + MINILM + "', '" + MINILM
                    + "-N' or a static table file; no such file: " + table);
        }
        StaticEmbedder embedder = StaticEmbedder.open(table);
        return new EmbedderChoice(embedder, embedder.name(), embedder);
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing embedder " + name, e);
        }
    }
}
