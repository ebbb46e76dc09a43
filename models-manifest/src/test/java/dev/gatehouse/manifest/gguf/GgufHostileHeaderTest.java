package dev.gatehouse.manifest.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.manifest.gguf.GgufFormatException.Problem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headers built by hand to hit each cap the reader puts on what a file may claim. */
class GgufHostileHeaderTest {
    @TempDir
    Path dir;

    @Test
    void arraysNestedAHundredThousandDeepAreCorruptNotAStackOverflow() throws IOException {
        Header h = new Header(0, 1).string("a").u32(GgufValueType.ARRAY.id());
        for (int i = 0; i < 100_000; i++) {
            h.u32(GgufValueType.ARRAY.id()).u64(1);
        }
        GgufFormatException e = failure(h.u32(GgufValueType.UINT8.id()).u64(1).u8(0).write(dir));
        assertThat(e.problem()).isEqualTo(Problem.CORRUPT);
        assertThat(e.getMessage()).contains("nests arrays more than " + GgufReader.MAX_ARRAY_DEPTH + " deep");
    }

    @Test
    void aTensorTooLargeForAnyFileIsCorruptNotAnArithmeticError() throws IOException {
        Path file = new Header(1, 0).string("w").u32(1).u64(1L << 62).u32(GgmlType.F32.id()).u64(0).write(dir);
        GgufFormatException e = failure(file);
        assertThat(e.problem()).isEqualTo(Problem.CORRUPT);
        assertThat(e.getMessage()).contains("tensor 'w'").contains("more bytes than a file can hold");
    }

    @Test
    void aTensorWhoseOffsetAndSizeOverflowWhenAddedIsTruncated() throws IOException {
        long offset = Long.MAX_VALUE - 31; // a multiple of 32, so only the end check can refuse it
        Path file = new Header(1, 0).string("w").u32(1).u64(1L << 60).u32(GgmlType.I8.id()).u64(offset).write(dir);
        GgufFormatException e = failure(file);
        assertThat(e.problem()).isEqualTo(Problem.TRUNCATED);
        assertThat(e.getMessage()).contains("ends beyond the end of the file");
    }

    @Test
    void aBlockCountNoModelCanHaveIsCorruptBeforeTheEstimatorSizesATableByIt() throws IOException {
        Path file = new Header(0, 2).string("general.architecture").u32(GgufValueType.STRING.id()).string("llama")
                .string("llama.block_count").u32(GgufValueType.UINT32.id()).u32(Integer.MAX_VALUE).write(dir);
        GgufFormatException e = failure(file);
        assertThat(e.problem()).isEqualTo(Problem.CORRUPT);
        assertThat(e.getMessage()).contains("llama.block_count is 2147483647");
    }

    @Test
    void aStringOfAHundredMegabytesInsideALargeFileIsCorruptNotAnAllocation() throws IOException {
        Path file = new Header(0, 1).u64(100L << 20).write(dir);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(200L << 20); // sparse: the length check must refuse it, not a short read
        }
        GgufFormatException e = failure(file);
        assertThat(e.problem()).isEqualTo(Problem.CORRUPT);
        assertThat(e.getMessage()).contains("metadata key #0").contains("104857600 bytes long");
    }

    @Test
    void moreTensorsThanTheCapAreCorruptEvenWhenTheFileCouldHoldThem() throws IOException {
        Path file = new Header(GgufReader.MAX_TENSORS + 1, 0).write(dir);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(64L << 20);
        }
        GgufFormatException e = failure(file);
        assertThat(e.problem()).isEqualTo(Problem.CORRUPT);
        assertThat(e.getMessage()).contains("above the limit of " + GgufReader.MAX_TENSORS);
    }

    @Test
    void aHundredKilobyteKeyIsCutInTheMessage() throws IOException {
        String key = "k".repeat(100_000);
        GgufFormatException e = failure(new Header(0, 1).string(key).u32(99).write(dir));
        assertThat(e.problem()).isEqualTo(Problem.CORRUPT);
        assertThat(e.getMessage()).contains("unknown value type 99").contains("(100000 characters)")
                .hasSizeLessThan(dir.toString().length() + 300);
    }

    private static GgufFormatException failure(Path path) {
        GgufFormatException e = catchThrowableOfType(GgufFormatException.class, () -> GgufReader.read(path));
        assertThat(e).as("reading %s should fail", path).isNotNull();
        return e;
    }

    /** GGUF v3 bytes written field by field. */
    private static final class Header {
        private ByteBuffer bytes = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        Header(long tensors, long entries) {
            bytes.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(tensors).putLong(entries);
        }

        Header u8(int v) {
            room(1).put((byte) v);
            return this;
        }

        Header u32(long v) {
            room(4).putInt((int) v);
            return this;
        }

        Header u64(long v) {
            room(8).putLong(v);
            return this;
        }

        Header string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            room(8 + utf8.length).putLong(utf8.length).put(utf8);
            return this;
        }

        Path write(Path dir) throws IOException {
            Path file = Files.createTempFile(dir, "hostile", ".gguf");
            Files.write(file, java.util.Arrays.copyOf(bytes.array(), bytes.position()));
            return file;
        }

        private ByteBuffer room(int n) {
            if (bytes.remaining() < n) {
                ByteBuffer larger = ByteBuffer.allocate((bytes.capacity() + n) * 2).order(ByteOrder.LITTLE_ENDIAN);
                bytes = larger.put(bytes.flip());
            }
            return bytes;
        }
    }
}
