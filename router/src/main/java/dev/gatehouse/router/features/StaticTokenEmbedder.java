package dev.gatehouse.router.features;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Static token embeddings distilled from MiniLM, Model2Vec-style: every word piece of MiniLM's vocabulary is run
 * through MiniLM once, on its own, and a prompt's vector is the mean of its pieces' vectors, minus the vocabulary's
 * mean (the direction every piece shares, which otherwise drowns what a prompt is about). A lookup and a sum instead
 * of six transformer layers: microseconds, where MiniLM takes milliseconds. The table (30,522 × 384 floats, 47 MB) is
 * distilled on first use (half a minute on one core) and kept in a cache directory; it is a function of the shipped
 * ONNX model and tokenizer only, so the file name says which.
 */
public final class StaticTokenEmbedder implements TextEmbedder, AutoCloseable {
    /** Names the vectors this embedder makes (cached vectors and trained models say which). */
    public static final String NAME = MiniLmEmbedder.NAME + "-static";
    /** Word pieces read per prompt: the same window as MiniLM, so both embed the same text. */
    static final int WORD_PIECES = MiniLmEmbedder.WORD_PIECES;
    private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";
    private static final String MAGIC = "GHSTATIC1";

    private final float[][] table;
    private final int dims;
    private final HuggingFaceTokenizer tokenizer;

    private StaticTokenEmbedder(float[][] table, int dims, HuggingFaceTokenizer tokenizer) {
        this.table = table;
        this.dims = dims;
        this.tokenizer = tokenizer;
    }

    /** The table from {@code cacheDir}, distilled from {@code teacher} and written there first if it is not there. */
    public static StaticTokenEmbedder openOrDistill(MiniLmEmbedder teacher, Path cacheDir, PrintWriter progress) {
        Path file = cacheDir.resolve(NAME + ".bin");
        try {
            Map<String, Integer> vocab = vocabulary();
            float[][] table = Files.exists(file) ? read(file, vocab.size(), teacher.dimensions()) : null;
            if (table == null) {
                progress.println("distilling static token embeddings from MiniLM into " + file + " (once)");
                progress.flush();
                long started = System.nanoTime();
                table = distill(teacher, vocab);
                write(file, table, teacher.dimensions());
                progress.printf("distilled %d word pieces in %.0f s%n", table.length, (System.nanoTime() - started) / 1e9);
                progress.flush();
            }
            return new StaticTokenEmbedder(centred(table, teacher.dimensions()), teacher.dimensions(), openTokenizer());
        } catch (IOException e) {
            throw new UncheckedIOException("static token embeddings at " + file, e);
        }
    }

    @Override
    public float[] embed(String text) {
        Encoding encoding = tokenizer.encode(text);
        float[] sum = new float[dims];
        for (long id : encoding.getIds()) {
            float[] row = table[(int) id];
            for (int d = 0; d < dims; d++) sum[d] += row[d];
        }
        double norm = 0;
        for (float x : sum) norm += x * x;
        if (norm == 0) return sum;
        float scale = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < dims; d++) sum[d] *= scale;
        return sum;
    }

    @Override
    public int dimensions() {
        return dims;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** Each piece embedded alone ({@code ##ing} as {@code ing}); special and unused pieces stay zero. */
    private static float[][] distill(MiniLmEmbedder teacher, Map<String, Integer> vocab) {
        float[][] table = new float[vocab.size()][];
        for (var entry : vocab.entrySet()) {
            String piece = entry.getKey();
            boolean special = piece.startsWith("[") && piece.endsWith("]");
            String text = piece.startsWith("##") ? piece.substring(2) : piece;
            table[entry.getValue()] = special || text.isEmpty() ? new float[teacher.dimensions()] : teacher.embed(text);
        }
        return table;
    }

    /** Every non-zero row minus the mean of the non-zero rows; zero rows (special pieces) stay zero. */
    private static float[][] centred(float[][] table, int dims) {
        double[] mean = new double[dims];
        int rows = 0;
        for (float[] row : table) {
            if (isZero(row)) continue;
            rows++;
            for (int d = 0; d < dims; d++) mean[d] += row[d];
        }
        for (int d = 0; d < dims; d++) mean[d] /= Math.max(1, rows);
        for (float[] row : table) {
            if (isZero(row)) continue;
            for (int d = 0; d < dims; d++) row[d] -= (float) mean[d];
        }
        return table;
    }

    private static boolean isZero(float[] row) {
        for (float x : row) {
            if (x != 0) return false;
        }
        return true;
    }

    private static Map<String, Integer> vocabulary() throws IOException {
        try (InputStream in = resource()) {
            JsonNode vocab = new ObjectMapper().readTree(in).path("model").path("vocab");
            var out = new java.util.HashMap<String, Integer>();
            vocab.properties().forEach(e -> out.put(e.getKey(), e.getValue().asInt()));
            if (out.isEmpty()) throw new IOException(TOKENIZER + " has no model.vocab");
            return out;
        }
    }

    /** Word pieces only, no [CLS]/[SEP]: they are the same in every prompt and carry nothing. */
    private static HuggingFaceTokenizer openTokenizer() throws IOException {
        try (InputStream in = resource()) {
            return HuggingFaceTokenizer.newInstance(in, Map.of("addSpecialTokens", "false", "truncation", "true",
                    "padding", "false", "maxLength", Integer.toString(WORD_PIECES)));
        }
    }

    private static InputStream resource() throws IOException {
        InputStream in = StaticTokenEmbedder.class.getClassLoader().getResourceAsStream(TOKENIZER);
        if (in == null) throw new IOException("classpath resource " + TOKENIZER + " not found (langchain4j MiniLM jar)");
        return in;
    }

    private static float[][] read(Path file, int rows, int dims) throws IOException {
        try (var in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != rows || in.readInt() != dims) return null;
            byte[] body = new byte[rows * dims * Float.BYTES];
            in.readFully(body);
            var floats = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[][] table = new float[rows][dims];
            for (float[] row : table) floats.get(row);
            return table;
        } catch (java.io.EOFException torn) {
            return null; // a run killed mid-write: distil again
        }
    }

    /** Written beside and renamed, so a reader never sees half a table. */
    private static void write(Path file, float[][] table, int dims) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        var body = ByteBuffer.allocate(table.length * dims * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        var floats = body.asFloatBuffer();
        for (float[] row : table) floats.put(row);
        try (var out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(partial), 1 << 16))) {
            out.writeUTF(MAGIC);
            out.writeInt(table.length);
            out.writeInt(dims);
            out.write(body.array());
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
