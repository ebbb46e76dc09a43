package dev.gatehouse.router.features;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Objects;

/**
 * An embedder that remembers the vectors of recent prompts: clients resend the same task (retries, agents looping
 * over a fixed instruction, a chat UI regenerating an answer), and MiniLM costs milliseconds a lookup does not. The
 * key is the text itself (the last user message, not the conversation, so a growing chat still hits for a repeated
 * task); texts longer than {@code maxChars} are embedded but not kept, so a few huge prompts cannot push out many
 * small ones. Bounded by total weight (key characters plus
 * vector floats), least-recently/frequently used evicted first (Caffeine's W-TinyLFU).
 */
public final class CachedEmbedder implements TextEmbedder {
    /** What the default cache may hold: 32 MB of keys and vectors, thousands of typical prompts. */
    public static final long DEFAULT_MAX_BYTES = 32L << 20;
    /** Texts longer than this are not cached (MiniLM reads ~128 word pieces, a few hundred characters). */
    public static final int DEFAULT_MAX_CHARS = 16_384;

    private final TextEmbedder embedder;
    private final int maxChars;
    private final Cache<String, float[]> vectors;

    public CachedEmbedder(TextEmbedder embedder, long maxBytes, int maxChars) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.maxChars = maxChars;
        int vectorBytes = embedder.dimensions() * Float.BYTES + 16;
        this.vectors = Caffeine.newBuilder().maximumWeight(maxBytes)
                .weigher((String key, float[] value) -> 2 * key.length() + vectorBytes).build();
    }

    public static CachedEmbedder of(TextEmbedder embedder) {
        return new CachedEmbedder(embedder, DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS);
    }

    /** The vector is shared between callers: nobody may write into it (the feature code only reads). */
    @Override
    public float[] embed(String text) {
        if (text.length() > maxChars) return embedder.embed(text);
        return vectors.get(text, embedder::embed);
    }

    @Override
    public int dimensions() {
        return embedder.dimensions();
    }

    /** Prompts held now (after pending evictions), for tests and the bench's report. */
    long size() {
        vectors.cleanUp();
        return vectors.estimatedSize();
    }
}
