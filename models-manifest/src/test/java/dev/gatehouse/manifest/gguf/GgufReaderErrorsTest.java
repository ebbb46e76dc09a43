package dev.gatehouse.manifest.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.manifest.gguf.GgufFormatException.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufReaderErrorsTest {
    @TempDir
    Path dir;
    Path model;

    @BeforeEach
    void writeTinyModel() throws IOException {
        model = dir.resolve("tiny.gguf");
        RandomLlamaGguf.write(model, RandomLlamaSpec.tiny());
    }

    @Test
    void aMissingFileIsReportedAsMissingWithItsPath() {
        Path missing = dir.resolve("nope.gguf");
        GgufFormatException e = failure(missing);
        assertThat(e.problem()).isEqualTo(Problem.MISSING);
        assertThat(e).hasMessage(missing + ": file does not exist");
    }

    @Test
    void aFileWithoutTheMagicIsNotGguf() throws IOException {
        Path text = Files.writeString(dir.resolve("model.gguf"), "this is not a model at all");
        GgufFormatException e = failure(text);
        assertThat(e.problem()).isEqualTo(Problem.NOT_GGUF);
        assertThat(e.getMessage()).startsWith(text.toString()).contains("not a GGUF file");
    }

    @Test
    void anEmptyFileIsNotGguf() throws IOException {
        assertThat(failure(Files.createFile(dir.resolve("empty.gguf"))).problem()).isEqualTo(Problem.NOT_GGUF);
    }

    @Test
    void anUnknownVersionIsUnsupported() throws IOException {
        overwriteInt(4, 7);
        GgufFormatException e = failure(model);
        assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED_VERSION);
        assertThat(e.getMessage()).contains("version 7");
    }

    @Test
    void aFileCutInsideTheMetadataIsTruncated() throws IOException {
        truncate(2000);
        GgufFormatException e = failure(model);
        assertThat(e.problem()).isEqualTo(Problem.TRUNCATED);
        assertThat(e.getMessage()).startsWith(model.toString());
    }

    @Test
    void aFileMissingItsLastTensorBytesIsTruncatedAndNamesTheTensor() throws IOException {
        truncate(Files.size(model) - 100);
        GgufFormatException e = failure(model);
        assertThat(e.problem()).isEqualTo(Problem.TRUNCATED);
        assertThat(e.getMessage()).contains("tensor 'output.weight'").contains("beyond the end of the file");
    }

    @Test
    void aStringLengthBeyondTheFileEndIsTruncatedNotAnAllocation() throws IOException {
        // Bytes 24..31 hold the length of the first metadata key.
        try (FileChannel channel = FileChannel.open(model, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40), 24);
        }
        GgufFormatException e = failure(model);
        assertThat(e.problem()).isEqualTo(Problem.TRUNCATED);
        assertThat(e.getMessage()).contains("metadata key #0").contains("beyond the end of the file");
    }

    @Test
    void anAbsurdTensorCountIsCorrupt() throws IOException {
        try (FileChannel channel = FileChannel.open(model, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE), 8);
        }
        assertThat(failure(model).problem()).isEqualTo(Problem.CORRUPT);
    }

    @Test
    void aDirectoryIsUnreadable() {
        assertThat(failure(dir).problem()).isEqualTo(Problem.UNREADABLE);
    }

    private static GgufFormatException failure(Path path) {
        GgufFormatException e = catchThrowableOfType(GgufFormatException.class, () -> GgufReader.read(path));
        assertThat(e).as("reading %s should fail", path).isNotNull();
        assertThat(e.path()).isEqualTo(path);
        return e;
    }

    private void overwriteInt(long position, int value) throws IOException {
        try (FileChannel channel = FileChannel.open(model, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value), position);
        }
    }

    private void truncate(long size) throws IOException {
        try (FileChannel channel = FileChannel.open(model, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
