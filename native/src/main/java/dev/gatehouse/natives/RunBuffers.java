package dev.gatehouse.natives;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/**
 * Native-order direct buffers for one embedding run: the three inputs and the hidden states (up to maxLength x
 * dimensions floats, ~400 KB for MiniLM). ONNX Runtime reads and writes them in place, so a call neither copies its
 * ids into fresh direct memory nor receives its output as a new Java array; one set serves one call at a time.
 */
final class RunBuffers {

    private final LongBuffer ids;
    private final LongBuffer mask;
    private final LongBuffer types;
    private final FloatBuffer hidden;
    private final int dimensions;

    RunBuffers(int maxLength, int dimensions) {
        this.ids = longs(maxLength);
        this.mask = longs(maxLength);
        this.types = longs(maxLength);
        this.hidden = ByteBuffer.allocateDirect(maxLength * dimensions * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        this.dimensions = dimensions;
    }

    OnnxTensor ids(OrtEnvironment environment, EmbeddingWindow window) throws OrtException {
        return fill(environment, ids, window.ids());
    }

    OnnxTensor mask(OrtEnvironment environment, EmbeddingWindow window) throws OrtException {
        return fill(environment, mask, window.mask());
    }

    OnnxTensor types(OrtEnvironment environment, EmbeddingWindow window) throws OrtException {
        return fill(environment, types, window.types());
    }

    /** A [1, tokens, dimensions] tensor over the hidden-state buffer, for ONNX Runtime to write into. */
    OnnxTensor hidden(OrtEnvironment environment, int tokens) throws OrtException {
        return OnnxTensor.createTensor(environment, hiddenStates(tokens), new long[] {1, tokens, dimensions});
    }

    /** The first {@code tokens} rows of hidden states, row after row. */
    FloatBuffer hiddenStates(int tokens) {
        return hidden.duplicate().clear().limit(tokens * dimensions).slice();
    }

    private static OnnxTensor fill(OrtEnvironment environment, LongBuffer buffer, long[] values)
            throws OrtException {
        LongBuffer view = buffer.duplicate().clear().limit(values.length).slice();
        view.put(values).flip();
        return OnnxTensor.createTensor(environment, view, new long[] {1, values.length});
    }

    private static LongBuffer longs(int count) {
        return ByteBuffer.allocateDirect(count * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
    }
}
