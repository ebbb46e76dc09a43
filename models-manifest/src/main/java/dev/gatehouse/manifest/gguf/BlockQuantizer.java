package dev.gatehouse.manifest.gguf;

import java.io.IOException;

/**
 * Encodes blocks of 32 values as ggml's two simplest quantized types, so generated models can be the quantized files
 * people actually run (the CPU kernels and memory traffic of Q8_0/Q4_0 differ a lot from F16's).
 *
 * <p>Q8_0: a half-precision scale {@code d = max|x| / 127}, then 32 signed bytes {@code round(x / d)}. Q4_0: the scale
 * is taken from the value of largest magnitude with its sign, {@code d = x_max / -8}, and each value becomes a nibble
 * {@code min(15, floor(x / d + 8.5))}; byte {@code j} holds value {@code j} in its low nibble and value {@code j + 16}
 * in its high one. These are the layouts ggml's reference quantizers write.
 */
final class BlockQuantizer {
    static final int BLOCK = 32;

    private BlockQuantizer() {
    }

    static boolean supports(GgmlType type) {
        return type == GgmlType.Q8_0 || type == GgmlType.Q4_0;
    }

    static void writeBlock(GgufOutput out, GgmlType type, float[] block) throws IOException {
        switch (type) {
            case Q8_0 -> q8(out, block);
            case Q4_0 -> q4(out, block);
            default -> throw new IllegalArgumentException("no block encoder for " + type);
        }
    }

    private static void q8(GgufOutput out, float[] block) throws IOException {
        float amax = 0;
        for (float v : block) {
            amax = Math.max(amax, Math.abs(v));
        }
        float d = amax / 127f;
        float id = d == 0 ? 0 : 1 / d;
        out.u16(Float.floatToFloat16(d));
        for (float v : block) {
            out.u8(Math.round(v * id));
        }
    }

    private static void q4(GgufOutput out, float[] block) throws IOException {
        float amax = 0;
        float max = 0;
        for (float v : block) {
            if (Math.abs(v) > amax) {
                amax = Math.abs(v);
                max = v;
            }
        }
        float d = max / -8f;
        float id = d == 0 ? 0 : 1 / d;
        out.u16(Float.floatToFloat16(d));
        for (int j = 0; j < BLOCK / 2; j++) {
            int low = Math.min(15, (int) (block[j] * id + 8.5f));
            int high = Math.min(15, (int) (block[j + BLOCK / 2] * id + 8.5f));
            out.u8(low | (high << 4));
        }
    }
}
