package dev.gatehouse.natives.llamacpp;

import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.gatehouse.natives.Embeddings;
import dev.gatehouse.natives.EngineInfo;
import dev.gatehouse.natives.NativeException;
import dev.gatehouse.natives.NativeFailures;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A GGUF embedding model run by llama.cpp: texts in, one L2-normalised vector per text out (a dot product is then a
 * cosine similarity, as OpenAI's embeddings are). llama.cpp pools each sequence's hidden states itself, the way the
 * GGUF declares ({@code <arch>.pooling_type}) unless the options impose one.
 *
 * <p>Several inputs go through one {@code llama_decode}, each as a sequence of its own, as many as fit in
 * {@link #contextLength()} tokens; a decoder's cache is one unified region of that size, cleared before every batch,
 * since nothing is reused between calls.
 * BERT-like encoders have no cache at all and llama.cpp runs {@code llama_decode} on them as an encode; only the
 * encoder half of a T5 (no decoder) needs {@code llama_encode}, and a whole encoder-decoder model is refused, as
 * llama.cpp's own embedding tool refuses it.
 *
 * <p>Calls are serialised (one context, one batch buffer); {@link #close()} waits for a running call, then frees the
 * context and the model, whose memory really returns.
 */
public final class LlamaCppEmbedder implements AutoCloseable {

    private final LlamaCppLibrary lib;
    private final LlamaCppModel model;
    private final MemorySegment context;
    private final MemorySegment memory;
    private final boolean encoderOnly;
    private final EmbeddingLoadOptions options;
    private final int contextLength;
    private final EmbeddingPooling pooling;
    private final int dimensions;
    private final EngineInfo info;
    private final Arena arena = Arena.ofShared();
    private final EmbeddingBatch batch;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private LlamaCppEmbedder(LlamaCppLibrary lib, LlamaCppModel model, MemorySegment context, boolean encoderOnly,
                             EmbeddingLoadOptions options, EmbeddingPooling pooling, int dimensions, EngineInfo info)
            throws Throwable {
        this.lib = lib;
        this.model = model;
        this.context = context;
        this.memory = (MemorySegment) lib.getMemory.invokeExact(context);
        this.encoderOnly = encoderOnly;
        this.options = options;
        this.contextLength = options.contextLength();
        this.pooling = pooling;
        this.dimensions = dimensions;
        this.info = info;
        this.batch = new EmbeddingBatch(arena, contextLength);
    }

    /** Loads the model and an embeddings context; every failure is a {@link NativeException} with a precise kind. */
    public static LlamaCppEmbedder open(LlamaCppLibrary lib, EmbeddingLoadOptions options) {
        Path file = options.file().toAbsolutePath();
        long logMark = lib.bufferMark();
        LlamaCppModel model = LlamaCppModel.open(lib, file, options.gpuLayers(), 0, options.tensorSplit());
        MemorySegment context = MemorySegment.NULL;
        try {
            // Position embeddings end at the trained context (BERT's are a table): a longer input would read past
            // them, so the trained context caps what one input may hold.
            int trained = (int) lib.modelNCtxTrain.invokeExact(model.model);
            if (trained > 0 && trained < options.contextLength()) {
                options = options.withContextLength(trained);
            }
            boolean hasEncoder = (boolean) lib.modelHasEncoder.invokeExact(model.model);
            boolean hasDecoder = (boolean) lib.modelHasDecoder.invokeExact(model.model);
            if (hasEncoder && hasDecoder) {
                throw new NativeException(NativeException.Kind.UNSUPPORTED_ARCHITECTURE, "model " + file
                        + " is an encoder-decoder model; llama.cpp computes embeddings only with encoder-only or "
                        + "decoder-only models");
            }
            context = createContext(lib, model, options);
            if (context.equals(MemorySegment.NULL)) {
                throw NativeFailures.classify(new IllegalStateException("llama.cpp could not create a context"),
                        "cannot create an embeddings context for " + file, lib.recentLog());
            }
            EmbeddingPooling pooling = EmbeddingPooling.of((int) lib.poolingType.invokeExact(context),
                    file.toString());
            int dimensions = (int) lib.modelNEmbdOut.invokeExact(model.model);
            int offloaded = Math.min(options.gpuLayers(), model.layers() + 1);
            EngineInfo info = new EngineInfo(EngineInfo.LLAMA_CPP, offloaded > 0 ? lib.gpuBackend() : "cpu",
                    lib.version(), offloaded, BufferReport.parse(lib.bufferLinesSince(logMark)));
            return new LlamaCppEmbedder(lib, model, context, hasEncoder, options, pooling, dimensions, info);
        } catch (Throwable t) {
            free(lib, context);
            model.close();
            throw LlamaCppLibrary.rethrow(t);
        }
    }

    /**
     * One logical and physical batch of {@code contextLength} tokens: a non-causal model must see all of an input
     * in one ubatch, and the unified cache (for decoder models) then holds any batch the embedder builds.
     */
    private static MemorySegment createContext(LlamaCppLibrary lib, LlamaCppModel model, EmbeddingLoadOptions options)
            throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = (MemorySegment) lib.contextDefaultParams.invokeExact((SegmentAllocator) arena);
            params.set(JAVA_INT, LlamaStructs.CP_N_CTX, options.contextLength());
            params.set(JAVA_INT, LlamaStructs.CP_N_BATCH, options.contextLength());
            params.set(JAVA_INT, LlamaStructs.CP_N_UBATCH, options.contextLength());
            params.set(JAVA_INT, LlamaStructs.CP_N_SEQ_MAX, options.sequences());
            params.set(JAVA_INT, LlamaStructs.CP_N_THREADS, options.threads());
            params.set(JAVA_INT, LlamaStructs.CP_N_THREADS_BATCH, options.threads());
            params.set(JAVA_INT, LlamaStructs.CP_POOLING_TYPE, options.pooling().code);
            params.set(JAVA_BOOLEAN, LlamaStructs.CP_EMBEDDINGS, true);
            params.set(JAVA_BOOLEAN, LlamaStructs.CP_NO_PERF, true);
            params.set(JAVA_BOOLEAN, LlamaStructs.CP_KV_UNIFIED, true);
            return (MemorySegment) lib.initFromModel.invokeExact(model.model, params);
        }
    }

    /** Length of each vector ({@code llama_model_n_embd_out}). */
    public int dimensions() {
        return dimensions;
    }

    /** The most tokens one input may have, special tokens included. */
    public int contextLength() {
        return contextLength;
    }

    /** The pooling in effect: the model's own unless the options imposed one. */
    public EmbeddingPooling pooling() {
        return pooling;
    }

    public EngineInfo info() {
        return info;
    }

    /** Tokens {@link #embed} counts for {@code text}: the model's special tokens (BOS, [CLS], [SEP]...) included. */
    public int countTokens(String text) {
        lock.lock();
        try {
            if (closed) throw new IllegalStateException("embedding model is closed");
            return model.tokenize(text, true).length;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Embeds every input, in input order. An input longer than {@link #contextLength()} is refused
     * ({@code CONTEXT_OVERFLOW}), not truncated: a vector of half a document would be silently wrong.
     */
    public Embeddings embed(List<String> inputs) {
        lock.lock(); // tokenising too: the vocabulary goes with the model on close
        try {
            if (closed) throw new IllegalStateException("embedding model is closed");
            int[][] tokens = tokenize(inputs);
            int total = 0;
            for (int[] input : tokens) total += input.length;
            float[][] vectors = new float[inputs.size()][];
            int next = 0;
            while (next < tokens.length) {
                int first = next;
                batch.clear();
                while (next < tokens.length && batch.sequences() < options.sequences()
                        && batch.fits(tokens[next].length)) {
                    batch.add(tokens[next++]);
                }
                run();
                for (int seq = 0; seq < batch.sequences(); seq++) {
                    vectors[first + seq] = pooled(seq);
                }
            }
            return new Embeddings(vectors, total);
        } finally {
            lock.unlock();
        }
    }

    private int[][] tokenize(List<String> inputs) {
        int[][] tokens = new int[inputs.size()][];
        for (int i = 0; i < inputs.size(); i++) {
            tokens[i] = model.tokenize(inputs.get(i), true);
            if (tokens[i].length == 0) {
                throw new NativeException(NativeException.Kind.INVALID_ARGUMENT, "input[" + i + "] has no tokens "
                        + "(the model adds no special tokens to an empty text)");
            }
            if (tokens[i].length > contextLength) {
                throw new NativeException(NativeException.Kind.CONTEXT_OVERFLOW, "input[" + i + "] has "
                        + tokens[i].length + " tokens; this model embeds at most " + contextLength
                        + " tokens per input");
            }
        }
        return tokens;
    }

    private void run() {
        int rc;
        try {
            lib.memoryClear.invokeExact(memory, true); // a no-op for cacheless encoders (memory is NULL)
            rc = encoderOnly ? (int) lib.encode.invokeExact(context, batch.batch)
                    : (int) lib.decode.invokeExact(context, batch.batch);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
        if (rc != 0) {
            throw new NativeException(NativeException.Kind.GENERATION_FAILED, (encoderOnly ? "llama_encode"
                    : "llama_decode") + " returned " + rc + "; " + lastLine(lib.recentLog()));
        }
    }

    /** The pooled vector of one sequence of the last batch, L2-normalised (a zero vector stays zero). */
    private float[] pooled(int seq) {
        MemorySegment pooled;
        try {
            pooled = (MemorySegment) lib.getEmbeddingsSeq.invokeExact(context, seq);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
        if (pooled.equals(MemorySegment.NULL)) {
            throw new NativeException(NativeException.Kind.GENERATION_FAILED, "llama.cpp returned no pooled "
                    + "embedding for sequence " + seq + "; " + lastLine(lib.recentLog()));
        }
        float[] vector = pooled.reinterpret((long) dimensions * Float.BYTES).toArray(JAVA_FLOAT);
        normalise(vector);
        return vector;
    }

    static void normalise(float[] vector) {
        double sum = 0;
        for (float v : vector) sum += (double) v * v;
        if (sum == 0) return;
        double scale = 1 / Math.sqrt(sum);
        for (int i = 0; i < vector.length; i++) vector[i] = (float) (vector[i] * scale);
    }

    /** Waits for a running call, then frees the context and the model. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            free(lib, context);
            model.close();
            arena.close();
        } finally {
            lock.unlock();
        }
    }

    private static void free(LlamaCppLibrary lib, MemorySegment context) {
        if (context.equals(MemorySegment.NULL)) return;
        try {
            lib.free.invokeExact(context);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
    }

    private static String lastLine(String log) {
        String[] lines = log.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
