package dev.gatehouse.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.gatehouse.natives.onnx.OnnxPlacement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where embedding sessions run. These machines have no GPU, so the CUDA path cannot run here: what is tested is the
 * fallback, which must give a working CPU session whose placement says why it is not on CUDA.
 */
class OnnxEmbedderPlacementTest {

    static final String MINILM = "all-minilm-l6-v2";

    @BeforeAll
    static void load() {
        TestModels.loadLibraries();
    }

    @Test
    void withoutAPlacementASessionRunsWhereTheProcessChoseAtStartup() {
        try (OnnxEmbedder embedder = OnnxEmbedder.openBuiltin(MINILM)) {
            OnnxPlacement process = NativeLibraries.onnxPlacement();
            // a CUDA choice may still have fallen back in the session, and then the session says so
            assertThat(embedder.placement().equals(process)
                    || embedder.placement().reason().contains("CUDA had been chosen because: " + process.reason()))
                    .as(embedder.placement() + " vs " + process).isTrue();
        }
    }

    @Test
    void theProcessChoiceWithoutTheCudaBuildIsTheCpuWithAReason() {
        assumeFalse(cudaProviderLoaded(), "SKIPPED: this process loaded ONNX Runtime's CUDA build (onnx-cuda is "
                + "installed and usable here), so the CPU choice cannot be observed; the selector's table test covers it");
        OnnxPlacement process = NativeLibraries.onnxPlacement();

        assertThat(process.backend()).isEqualTo(OnnxPlacement.Backend.CPU);
        assertThat(process.reason()).isNotBlank();
    }

    @Test
    void askingForCudaWhereItCannotStartGivesAWorkingCpuSessionThatSaysWhy() {
        assumeFalse(cudaProviderLoaded(), "SKIPPED: this process has ONNX Runtime's CUDA build loaded, so CUDA might "
                + "start and the fallback cannot be forced; on a machine without onnx-cuda this test runs");
        OnnxPlacement asked = OnnxPlacement.cuda("the test asks for CUDA");

        try (OnnxEmbedder onCudaRequest = OnnxEmbedder.openBuiltin(MINILM, 256, 1, asked);
                OnnxEmbedder onCpu = OnnxEmbedder.openBuiltin(MINILM, 256, 1, OnnxPlacement.cpu("the test says cpu"))) {
            assertThat(onCudaRequest.placement().backend()).isEqualTo(OnnxPlacement.Backend.CPU);
            assertThat(onCudaRequest.placement().reason()).startsWith("the CUDA execution provider did not start (")
                    .contains("Failed to find CUDA shared provider",
                            "so this model runs on the CPU; CUDA had been chosen because: the test asks for CUDA");
            List<String> inputs = List.of("The cat sits on the mat.", "");
            assertThat(onCudaRequest.embed(inputs).vectors()).isDeepEqualTo(onCpu.embed(inputs).vectors());
            assertThat(onCpu.placement()).isEqualTo(OnnxPlacement.cpu("the test says cpu"));
        }
    }

    private static boolean cudaProviderLoaded() {
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }
}
