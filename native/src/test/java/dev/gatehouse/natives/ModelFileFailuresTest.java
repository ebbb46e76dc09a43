package dev.gatehouse.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.manifest.gguf.GgufWriter;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad model files fail with a precise kind and message, never a crash or a generic error. */
class ModelFileFailuresTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void libraries() {
        TestModels.loadLibraries();
    }

    private static LlamaLoadOptions options(Path file) {
        return new LlamaLoadOptions(file, 256, 1, 2, 0, null);
    }

    private static void assertKind(ThrowingCallable call, NativeException.Kind kind, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(NativeException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    @Test
    void aMissingFileIsModelFileMissingNamingThePath() {
        Path missing = dir.resolve("nope.gguf");
        assertKind(() -> LlamaModelHandle.open(options(missing)), NativeException.Kind.MODEL_FILE_MISSING,
                missing.toString());
    }

    @Test
    void randomBytesAreModelFileCorrupt() throws Exception {
        byte[] bytes = new byte[4096];
        new Random(1).nextBytes(bytes);
        Path file = Files.write(dir.resolve("random.gguf"), bytes);
        assertKind(() -> LlamaModelHandle.open(options(file)), NativeException.Kind.MODEL_FILE_CORRUPT, "not a GGUF file");
    }

    @Test
    void aGgufCutInsideItsMetadataIsModelFileCorrupt() throws Exception {
        byte[] whole = Files.readAllBytes(TestModels.randomLlama(dir, RandomLlamaSpec.tiny()));
        Path file = Files.write(dir.resolve("cut.gguf"), Arrays.copyOf(whole, 200));
        assertKind(() -> LlamaModelHandle.open(options(file)), NativeException.Kind.MODEL_FILE_CORRUPT, "cannot fit in a file of 200 bytes");
    }

    @Test
    void aGgufCutInsideItsTensorDataIsModelFileCorruptNamingTheTensor() throws Exception {
        byte[] whole = Files.readAllBytes(TestModels.randomLlama(dir, RandomLlamaSpec.tiny()));
        Path file = Files.write(dir.resolve("half.gguf"), Arrays.copyOf(whole, whole.length / 2));
        assertKind(() -> LlamaModelHandle.open(options(file)), NativeException.Kind.MODEL_FILE_CORRUPT,
                "beyond the end of the file");
    }

    @Test
    void anUnknownArchitectureIsUnsupportedArchitecture() throws Exception {
        Path file = dir.resolve("frobnicator.gguf");
        new GgufWriter().putString("general.architecture", "frobnicator").write(file);
        assertKind(() -> LlamaModelHandle.open(options(file)), NativeException.Kind.UNSUPPORTED_ARCHITECTURE,
                "unknown model architecture: 'frobnicator'");
    }

    @Test
    void loadOptionsNameTheFieldTheyReject() {
        Path file = dir.resolve("x.gguf");
        assertThatThrownBy(() -> new LlamaLoadOptions(file, 256, 0, 2, 0, null)).hasMessageContaining("slots");
        assertThatThrownBy(() -> new LlamaLoadOptions(file, 8, 1, 2, 0, null)).hasMessageContaining("contextLength");
        assertThatThrownBy(() -> new LlamaLoadOptions(file, 256, 1, 0, 0, null)).hasMessageContaining("threads");
        assertThatThrownBy(() -> new LlamaLoadOptions(file, 256, 1, 2, -1, null)).hasMessageContaining("gpuLayers");
        assertThatThrownBy(() -> new LlamaLoadOptions(null, 256, 1, 2, 0, null)).hasMessageContaining("file");
        assertThatThrownBy(() -> new Sampling(0, 0f, 1f, null, null)).hasMessageContaining("maxTokens");
        assertThatThrownBy(() -> new ChatTurn("tool", "x")).hasMessageContaining("role");
    }

    @Test
    void aLinkageFailureIsClassifiedAsLibraryLoadFailed() {
        NativeException e = NativeFailures.classify(new UnsatisfiedLinkError("no jllama in java.library.path"),
                "loading", "");
        assertThat(e.kind()).isEqualTo(NativeException.Kind.LIBRARY_LOAD_FAILED);
    }
}
