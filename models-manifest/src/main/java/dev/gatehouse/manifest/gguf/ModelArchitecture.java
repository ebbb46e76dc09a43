package dev.gatehouse.manifest.gguf;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The transformer architectures {@link RandomModelGguf} can write, with the traits that change the tensor set and the
 * header. All three are decoder-only with RMS norms, rotary positions and a gated feed-forward network; they differ
 * in extra norms, whether the output matrix is shared with the embeddings, and sliding-window attention.
 *
 * <p>{@code qwen3} and {@code gemma3} files are for a recent llama.cpp (checked with the build of 2026-09-28). The
 * March 2025 build bundled by java-llama.cpp 4.2.0 (b4916) refuses qwen3 as an unknown architecture; it knows gemma3
 * but crashed the JVM (SIGSEGV in its warm-up run) on every gemma3 file written here, and refuses one without
 * {@code attention.sliding_window}. Never hand a gemma3 file to that engine in-process.
 */
public enum ModelArchitecture {
    /** Meta's Llama: the baseline every llama.cpp build loads. */
    LLAMA("llama", 10000f, 1e-5f),
    /** Qwen3: llama plus an RMS norm on each query and key head, and a head size declared apart from n_embd. */
    QWEN3("qwen3", 1_000_000f, 1e-6f, Trait.DECLARED_HEAD_SIZE, Trait.QUERY_KEY_NORMS),
    /**
     * Gemma 3: query/key norms, norms after attention and after the feed-forward network, embeddings scaled by
     * sqrt(n_embd) (llama.cpp does that itself, nothing in the file says so), the output matrix tied to the
     * embeddings, and sliding-window attention on all but every n-th layer.
     */
    GEMMA3("gemma3", 1_000_000f, 1e-6f, Trait.DECLARED_HEAD_SIZE, Trait.QUERY_KEY_NORMS, Trait.POST_NORMS,
            Trait.TIED_OUTPUT, Trait.SLIDING_WINDOW);

    /** What sets an architecture's file apart from a llama file. */
    public enum Trait {
        /**
         * {@code attention.key_length}/{@code value_length} are written even when the head size is n_embd / n_head,
         * as these models' converters do; llama writes them only when the head size differs.
         */
        DECLARED_HEAD_SIZE,
        /** {@code blk.N.attn_q_norm} and {@code blk.N.attn_k_norm}: one weight per head dimension. */
        QUERY_KEY_NORMS,
        /** {@code blk.N.post_attention_norm} and {@code blk.N.post_ffw_norm}. */
        POST_NORMS,
        /** No {@code output.weight}: llama.cpp multiplies by {@code token_embd} for the logits. */
        TIED_OUTPUT,
        /** The header may declare {@code attention.sliding_window} and {@code attention.sliding_window_pattern}. */
        SLIDING_WINDOW
    }

    /** Rope base of gemma3's sliding-window layers; its global layers use {@link #ropeFreqBase()}. */
    static final float LOCAL_ROPE_FREQ_BASE = 10000f;

    private final String ggufName;
    private final float ropeFreqBase;
    private final float rmsEpsilon;
    private final Set<Trait> traits;

    ModelArchitecture(String ggufName, float ropeFreqBase, float rmsEpsilon, Trait... traits) {
        this.ggufName = ggufName;
        this.ropeFreqBase = ropeFreqBase;
        this.rmsEpsilon = rmsEpsilon;
        EnumSet<Trait> set = EnumSet.noneOf(Trait.class);
        set.addAll(Arrays.asList(traits));
        this.traits = set;
    }

    /** The value of {@code general.architecture} and the prefix of the hyper-parameter keys. */
    public String ggufName() {
        return ggufName;
    }

    public boolean has(Trait trait) {
        return traits.contains(trait);
    }

    public static Optional<ModelArchitecture> byGgufName(String name) {
        return Arrays.stream(values()).filter(a -> a.ggufName.equals(name)).findFirst();
    }

    /** {@code rope.freq_base}, the value the released models of this architecture use. */
    float ropeFreqBase() {
        return ropeFreqBase;
    }

    /** {@code attention.layer_norm_rms_epsilon}, as in the released models. */
    float rmsEpsilon() {
        return rmsEpsilon;
    }
}
