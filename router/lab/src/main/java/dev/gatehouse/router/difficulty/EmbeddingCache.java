package dev.gatehouse.router.difficulty;

import dev.gatehouse.router.features.TextEmbedder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Embeddings of a training corpus kept on disk, so a second training or evaluation run over 14k prompts takes seconds
 * instead of a minute. One append-only file per embedder: records of (SHA-256 of the text, little-endian floats).
 * A torn last record (a run killed mid-write) is ignored.
 */
public final class EmbeddingCache {
    private static final String MAGIC = "GHEMB1";

    private final Path file;
    private final int dims;
    private final Map<String, float[]> vectors = new HashMap<>();

    private EmbeddingCache(Path file, int dims) {
        this.file = file;
        this.dims = dims;
    }

    /** Opens (or starts) the cache for one embedder in {@code dir}. */
    public static EmbeddingCache open(Path dir, String embedderName, int dims) throws IOException {
        Files.createDirectories(dir);
        var cache = new EmbeddingCache(dir.resolve(embedderName + "-" + dims + ".emb"), dims);
        cache.load();
        return cache;
    }

    private void load() throws IOException {
        if (!Files.exists(file)) return;
        try (var in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != dims) return;
            byte[] key = new byte[32];
            byte[] body = new byte[dims * Float.BYTES];
            while (in.readNBytes(key, 0, 32) == 32 && in.readNBytes(body, 0, body.length) == body.length) {
                float[] v = new float[dims];
                ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                vectors.put(HexFormat.of().formatHex(key), v);
            }
        }
    }

    /** The embedding of every text, computing (and appending to the file) only those not cached yet. */
    public float[][] embedAll(List<String> texts, TextEmbedder embedder, PrintWriter progress) throws IOException {
        float[][] out = new float[texts.size()][];
        boolean fresh = !Files.exists(file);
        int computed = 0;
        long started = System.nanoTime();
        try (var data = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)))) {
            if (fresh) {
                data.writeUTF(MAGIC);
                data.writeInt(dims);
            }
            for (int i = 0; i < texts.size(); i++) {
                byte[] key = sha256(texts.get(i));
                String hex = HexFormat.of().formatHex(key);
                float[] v = vectors.get(hex);
                if (v == null) {
                    v = embedder.embed(texts.get(i));
                    vectors.put(hex, v);
                    data.write(key);
                    var body = ByteBuffer.allocate(dims * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    body.asFloatBuffer().put(v);
                    data.write(body.array());
                    if (++computed % 2000 == 0) {
                        progress.printf("embedded %d new prompts (%.0f s)%n", computed, (System.nanoTime() - started) / 1e9);
                        progress.flush();
                    }
                }
                out[i] = v;
            }
        }
        if (computed > 0) progress.printf("embedded %d new prompts, %d from %s%n", computed, texts.size() - computed, file);
        progress.flush();
        return out;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
