package dev.gatehouse.manifest.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Q8_0 and Q4_0 tensors decode, by ggml's layouts, to the values written within each type's rounding step. */
class GgufQuantizedWriteTest {
    private static final int ROWS = 3;
    private static final int ROW = 64;

    @TempDir
    Path dir;

    private final float[] values = randomValues();

    @Test
    void q8_0BlocksDecodeToTheWrittenValuesWithinHalfAStep() throws Exception {
        GgufInfo info = write(GgmlType.Q8_0);
        TensorInfo tensor = info.tensor("w").orElseThrow();
        assertThat(tensor.byteSize()).isEqualTo(ROWS * ROW / 32 * 34);

        ByteBuffer data = data(info, tensor);
        for (int block = 0; block < ROWS * ROW / 32; block++) {
            float d = Float.float16ToFloat(data.getShort());
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(values[block * 32 + j]));
            }
            assertThat(d).isCloseTo(amax / 127, org.assertj.core.data.Offset.offset(amax / 127 * 1e-3f));
            for (int j = 0; j < 32; j++) {
                // half a step, plus the scale's rounding to half precision (2^-11 relative) times up to 127 steps
                float decoded = d * data.get();
                assertThat(decoded).isCloseTo(values[block * 32 + j], org.assertj.core.data.Offset.offset(d * 0.57f));
            }
        }
    }

    @Test
    void q4_0BlocksDecodeToTheWrittenValuesWithinOneStepAndKeepTheLargestExactly() throws Exception {
        GgufInfo info = write(GgmlType.Q4_0);
        TensorInfo tensor = info.tensor("w").orElseThrow();
        assertThat(tensor.byteSize()).isEqualTo(ROWS * ROW / 32 * 18);

        ByteBuffer data = data(info, tensor);
        for (int block = 0; block < ROWS * ROW / 32; block++) {
            float d = Float.float16ToFloat(data.getShort());
            byte[] nibbles = new byte[16];
            data.get(nibbles);
            float largest = 0;
            for (int j = 0; j < 32; j++) {
                int q = j < 16 ? nibbles[j] & 0x0F : (nibbles[j - 16] >> 4) & 0x0F;
                float decoded = (q - 8) * d;
                float written = values[block * 32 + j];
                assertThat(decoded).isCloseTo(written, org.assertj.core.data.Offset.offset(Math.abs(d) * 1.01f));
                if (Math.abs(written) > Math.abs(largest)) {
                    largest = written;
                }
            }
            // the value of largest magnitude is the scale's anchor: it decodes to -8 * d, itself up to half precision
            assertThat(-8 * d).isCloseTo(largest, org.assertj.core.data.Offset.offset(Math.abs(largest) * 1e-3f));
        }
    }

    @Test
    void aQuantizedTensorWhoseRowsAreNotWholeBlocksIsRefused() {
        assertThatThrownBy(() -> new GgufWriter().addTensor("w", GgmlType.Q8_0, new long[] {48, 2}, i -> 0f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of 32");
    }

    @Test
    void typesWithoutAnEncoderAreRefused() {
        assertThatThrownBy(() -> new GgufWriter().addTensor("w", GgmlType.Q4_K, new long[] {256}, i -> 0f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Q4_K");
    }

    private GgufInfo write(GgmlType type) throws Exception {
        Path file = dir.resolve(type + ".gguf");
        new GgufWriter().addTensor("w", type, new long[] {ROW, ROWS}, i -> values[(int) i]).write(file);
        return GgufReader.read(file);
    }

    private static float[] randomValues() {
        Random random = new Random(11);
        float[] values = new float[ROWS * ROW];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * (i < 32 ? 0.01f : 0.5f);
        }
        values[40] = 0f;
        return values;
    }

    private static ByteBuffer data(GgufInfo info, TensorInfo tensor) throws IOException {
        try (FileChannel channel = FileChannel.open(info.path())) {
            ByteBuffer buffer = ByteBuffer.allocate((int) tensor.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(buffer, info.dataOffset() + tensor.offset());
            return buffer.flip();
        }
    }
}
