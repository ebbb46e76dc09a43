package dev.gatehouse.manifest.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everyScalarMetadataTypeReadsBackWithItsValue() throws Exception {
        Path file = dir.resolve("scalars.gguf");
        new GgufWriter()
                .putUint8("u8", 200).putInt8("i8", -100)
                .putUint16("u16", 60000).putInt16("i16", -30000)
                .putUint32("u32", 4_000_000_000L).putInt32("i32", -2_000_000_000)
                .putUint64("u64", 1L << 40).putInt64("i64", -(1L << 40))
                .putFloat32("f32", 1.5f).putFloat64("f64", -2.25)
                .putBool("yes", true).putBool("no", false)
                .putString("text", "grüße ▁ <|im_start|>")
                .write(file);

        GgufInfo info = GgufReader.read(file);

        assertThat(info.version()).isEqualTo(3);
        assertThat(info.metadata()).containsEntry("u8", 200).containsEntry("i8", -100)
                .containsEntry("u16", 60000).containsEntry("i16", -30000)
                .containsEntry("u32", 4_000_000_000L).containsEntry("i32", -2_000_000_000)
                .containsEntry("u64", 1L << 40).containsEntry("i64", -(1L << 40))
                .containsEntry("f32", 1.5f).containsEntry("f64", -2.25)
                .containsEntry("yes", true).containsEntry("no", false)
                .containsEntry("text", "grüße ▁ <|im_start|>");
        assertThat(info.tensors()).isEmpty();
    }

    @Test
    void shortArraysAreKeptAndLongArraysOnlyCounted() throws Exception {
        Path file = dir.resolve("arrays.gguf");
        List<String> longList = IntStream.range(0, 5000).mapToObj(i -> "tok" + i).toList();
        new GgufWriter()
                .putStringArray("strings", List.of("a", "bc", ""))
                .putFloat32Array("floats", new float[] {0.5f, -1f})
                .putInt32Array("ints", new int[] {1, -2, 3})
                .putStringArray("vocab", longList)
                .putFloat32Array("scores", new float[3000])
                .putString("after", "still readable")
                .write(file);

        GgufInfo info = GgufReader.read(file);

        assertThat(info.arrays().get("strings").values()).containsExactly("a", "bc", "");
        assertThat(info.arrays().get("strings").elementType()).isEqualTo(GgufValueType.STRING);
        assertThat(info.arrays().get("floats").values()).containsExactly(0.5f, -1f);
        assertThat(info.arrays().get("ints").values()).containsExactly(1, -2, 3);
        assertThat(info.arrays().get("vocab").length()).isEqualTo(5000);
        assertThat(info.arrays().get("vocab").complete()).isFalse();
        assertThat(info.arrays().get("scores").length()).isEqualTo(3000);
        assertThat(info.metadata()).containsEntry("after", "still readable");
    }

    @Test
    void tensorsReadBackWithShapeTypeAlignedOffsetsAndTheirData() throws Exception {
        Path file = dir.resolve("tensors.gguf");
        new GgufWriter()
                .alignment(64)
                .putString("general.architecture", "test")
                .addTensor("odd", GgmlType.F32, new long[] {3}, new float[] {1f, 2f, 3f})
                .addTensor("half", GgmlType.F16, new long[] {2, 3}, new float[] {0.5f, -1f, 2f, 65504f, 0f, -0.25f})
                .addTensor("streamed", GgmlType.F32, new long[] {5, 1, 2}, i -> i * 10f)
                .write(file);

        GgufInfo info = GgufReader.read(file);

        assertThat(info.alignment()).isEqualTo(64);
        assertThat(info.dataOffset() % 64).isZero();
        assertThat(info.tensors()).extracting(TensorInfo::name).containsExactly("odd", "half", "streamed");
        TensorInfo half = info.tensor("half").orElseThrow();
        assertThat(half.dims()).containsExactly(2L, 3L);
        assertThat(half.type()).isEqualTo(GgmlType.F16);
        assertThat(half.byteSize()).isEqualTo(12);
        assertThat(info.tensors()).allSatisfy(t -> assertThat(t.offset() % 64).isZero());
        assertThat(info.parameterCount()).isEqualTo(3 + 6 + 10);
        assertThat(info.tensorDataBytes()).isEqualTo(12 + 12 + 40);
        assertThat(info.quantization()).isEqualTo("F32");

        ByteBuffer halfData = data(info, half);
        assertThat(Float.float16ToFloat(halfData.getShort(0))).isEqualTo(0.5f);
        assertThat(Float.float16ToFloat(halfData.getShort(6))).isEqualTo(65504f);
        assertThat(Float.float16ToFloat(halfData.getShort(10))).isEqualTo(-0.25f);
        ByteBuffer streamed = data(info, info.tensor("streamed").orElseThrow());
        assertThat(streamed.getFloat(9 * 4)).isEqualTo(90f);
    }

    @Test
    void theWriterRejectsTypesItCannotEncodeAndMismatchedValueCounts() {
        GgufWriter writer = new GgufWriter();
        assertThatThrownBy(() -> writer.addTensor("q", GgmlType.Q6_K, new long[] {256}, i -> 0f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Q6_K");
        assertThatThrownBy(() -> writer.addTensor("t", GgmlType.F32, new long[] {2, 2}, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 elements but 3");
        assertThatThrownBy(() -> writer.alignment(48)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void byteSizesFollowTheBlockSizeOfQuantizedTypes() {
        assertThat(GgmlType.Q4_0.bytesFor(64)).isEqualTo(36);
        assertThat(GgmlType.Q8_0.bytesFor(32)).isEqualTo(34);
        assertThat(GgmlType.Q4_K.bytesFor(512)).isEqualTo(288);
        assertThat(GgmlType.Q6_K.bytesFor(256)).isEqualTo(210);
        assertThat(GgmlType.byId(12)).contains(GgmlType.Q4_K);
        assertThat(GgmlType.byId(4)).isEmpty();
    }

    private static ByteBuffer data(GgufInfo info, TensorInfo tensor) throws IOException {
        try (FileChannel channel = FileChannel.open(info.path())) {
            ByteBuffer buffer = ByteBuffer.allocate((int) tensor.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(buffer, info.dataOffset() + tensor.offset());
            assertThat(Files.size(info.path())).isGreaterThanOrEqualTo(info.dataOffset() + tensor.offset()
                    + tensor.byteSize());
            return buffer.flip();
        }
    }

    @Test
    void thePredictedFileSizeIsTheSizeWrittenForEveryValueTypeAndAnyAlignment() throws Exception {
        for (int alignment : new int[] {1, 32, 4096}) {
            Path file = dir.resolve("predicted-" + alignment + ".gguf");
            GgufWriter writer = new GgufWriter().alignment(alignment)
                    .putUint8("u8", 1).putInt16("i16", -2).putUint32("u32", 3).putInt64("i64", 4)
                    .putFloat32("f32", 5f).putFloat64("f64", 6).putBool("b", true)
                    .putString("text", "grüße ▁")
                    .putStringArray("strings", List.of("a", "ü", ""))
                    .putFloat32Array("floats", new float[] {1f, 2f})
                    .putInt32Array("ints", new int[] {7})
                    .addTensor("odd", GgmlType.F16, new long[] {3, 5}, i -> i)
                    .addTensor("vector", GgmlType.F32, new long[] {7}, i -> -i);

            writer.write(file);

            assertThat(writer.fileBytes()).as("alignment %d", alignment).isEqualTo(Files.size(file));
        }
    }
}
