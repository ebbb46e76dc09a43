package dev.gatehouse.router.features;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.router.difficulty.DifficultyScorer;
import java.util.function.Function;

/**
 * The features read from a prompt's embedding (category and difficulty), remembered per prompt: clients resend the
 * same task (retries, agents looping over a fixed instruction, a chat UI regenerating an answer), and MiniLM plus the
 * classifier and the difficulty heads cost milliseconds a lookup does not. They are a pure function of the last user
 * message and the code/maths flags of the conversation, which together are the key, so a growing chat still hits for
 * a repeated task. Tasks longer than {@link #MAX_KEY_CHARS} are computed but not kept, so a few huge prompts cannot
 * push out many small ones; the whole cache is bounded by weight (key characters plus a fixed share per entry),
 * least-recently/frequently used evicted first (Caffeine's W-TinyLFU).
 */
final class SemanticFeatureCache {
    /** What the cache may hold by default: 16 MB, thousands of typical prompts. */
    static final long DEFAULT_MAX_BYTES = 16L << 20;
    /** Longer tasks are not kept: a long pasted document is rarely sent twice, and would crowd out short tasks. */
    static final int MAX_KEY_CHARS = 8_192;
    private static final int ENTRY_BYTES = 160;

    record Key(String task, boolean hasCode, boolean hasMath) {}

    /** @param embedding the routing embedding, or null when none was computed (the learned router reads it) */
    record Semantic(CategoryGuess category, DifficultyScorer.Assessment difficulty, float[] embedding) {
        Semantic(CategoryGuess category, DifficultyScorer.Assessment difficulty) {
            this(category, difficulty, null);
        }
    }

    private final Cache<Key, Semantic> entries;
    private final int maxKeyChars;

    SemanticFeatureCache(long maxBytes, int maxKeyChars) {
        this.maxKeyChars = maxKeyChars;
        this.entries = Caffeine.newBuilder().maximumWeight(maxBytes)
                .weigher((Key key, Semantic value) -> 2 * key.task().length() + ENTRY_BYTES
                        + (value.embedding() == null ? 0 : Float.BYTES * value.embedding().length)).build();
    }

    Semantic get(Key key, Function<Key, Semantic> compute) {
        return key.task().length() > maxKeyChars ? compute.apply(key) : entries.get(key, compute);
    }

    /** Prompts held now (after pending evictions), for tests. */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
