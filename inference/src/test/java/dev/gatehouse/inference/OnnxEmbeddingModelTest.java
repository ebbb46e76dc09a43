package dev.gatehouse.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.gatehouse.natives.NativeLibraries;
import dev.gatehouse.natives.OnnxEmbedder;
import dev.gatehouse.natives.onnx.OnnxPlacement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runtime an ONNX embedding model reports is where its session really runs, with the reason. */
class OnnxEmbeddingModelTest {

    @BeforeAll
    static void load() {
        NativeLibraries.loadOnnxRuntime();
    }

    @Test
    void aModelKeptOnTheCpuReportsOnnxRuntimeOnTheCpuWithTheReasonItWasGiven() {
        OnnxPlacement cpu = OnnxPlacement.cpu("kept on the CPU by the test");
        try (OnnxEmbeddingModel model = new OnnxEmbeddingModel(OnnxEmbedder.openBuiltin("all-minilm-l6-v2", 256, 1, cpu))) {
            assertThat(model.runtime()).isEqualTo(new ModelRuntime("onnxruntime", "cpu", "1.23.2", 0, false,
                    ModelRuntime.Allocated.UNKNOWN, "kept on the CPU by the test"));
        }
    }

    @Test
    void aModelWhoseCudaSessionCouldNotStartReportsTheCpuAndWhyAndStillEmbeds() {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "SKIPPED: ONNX Runtime's CUDA "
                + "build is loaded here, so CUDA might start and the fallback cannot be forced");
        OnnxPlacement cuda = OnnxPlacement.cuda("asked by the test");
        try (OnnxEmbeddingModel model = new OnnxEmbeddingModel(OnnxEmbedder.openBuiltin("all-minilm-l6-v2", 256, 1, cuda))) {
            ModelRuntime runtime = model.runtime();

            assertThat(runtime.engine()).isEqualTo("onnxruntime");
            assertThat(runtime.backend()).isEqualTo("cpu");
            assertThat(runtime.backendReason()).startsWith("the CUDA execution provider did not start")
                    .endsWith("CUDA had been chosen because: asked by the test");
            assertThat(model.embed(List.of("a cat")).vectors().getFirst()).hasSize(384);
        }
    }
}
