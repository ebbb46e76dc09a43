package dev.gatehouse.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.LocalGeneration;
import dev.gatehouse.inference.ModelRuntime;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.manifest.BuiltinModelFiles;
import dev.gatehouse.natives.ChatEngines;
import dev.gatehouse.natives.backends.BackendInstallException;
import dev.gatehouse.natives.backends.BackendInstaller;
import dev.gatehouse.natives.backends.BackendKind;
import dev.gatehouse.natives.backends.BackendSupport;
import dev.gatehouse.natives.backends.InstalledBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers offloaded to a GPU backend, without a GPU: llama.cpp's Vulkan build on Mesa's software Vulkan driver
 * (lavapipe, a CPU pretending to be a GPU). It proves the offload path — the GPU backend library loads, layers and
 * buffers go to the device, the worker reports backend "vulkan" — and that the text is the CPU's. It says nothing
 * about GPU speed. .ci/run installs Mesa's driver; without it the test skips and says so.
 */
class VulkanOffloadTest {

    @TempDir
    Path dir;

    @Test
    void layersOffloadedToAVulkanDeviceGiveTheCpusGreedyText() throws Exception {
        var support = BackendSupport.probe(System.getenv()).check(BackendKind.VULKAN);
        String why = "SKIPPED: no Vulkan driver on this machine (" + support.detail()
                + "); .ci/run installs Mesa's software driver (apt-get install mesa-vulkan-drivers libvulkan1)";
        if (!support.usable()) System.err.println(why);
        assumeTrue(support.usable(), why);
        InstalledBackend vulkan;
        try {
            vulkan = BackendInstaller.forEnvironment(System.getenv()).install(BackendKind.VULKAN, line -> { });
        } catch (BackendInstallException e) {
            throw new AssertionError("could not install the Vulkan backend: " + e.getMessage(), e);
        }
        Path stories = BuiltinModelFiles.extracted("stories260k");
        // ggml lists software (CPU-type) Vulkan devices only when asked for them by index
        WorkerOptions options = WorkerOptions.sameJvm(dir.resolve("run"))
                .withEnvironment(Map.of("GGML_VK_VISIBLE_DEVICES", "0"));
        String onGpu;
        ModelRuntime runtime;
        try (WorkerChatModel model = WorkerChatModel.launch("stories-vulkan", options,
                WorkerLoad.of(stories, 512, 1, 1, 99, null, ChatEngines.LlamaCppLibraries.of(vulkan)))) {
            runtime = model.runtime();
            onGpu = greedy(model);
        }
        String onCpu;
        try (WorkerChatModel model = WorkerChatModel.launch("stories-cpu", WorkerOptions.sameJvm(dir.resolve("run")),
                WorkerLoad.of(stories, 512, 1, 1, 0, null, ChatEngines.LlamaCppLibraries.installed()))) {
            onCpu = greedy(model);
        }
        assertThat(runtime.backend()).isEqualTo("vulkan");
        assertThat(runtime.gpuLayers()).isPositive();
        assertThat(runtime.allocated().gpu()).as("bytes llama.cpp put on the device").isPositive();
        assertThat(onGpu).isNotEmpty().isEqualTo(onCpu);
    }

    private static String greedy(WorkerChatModel model) {
        StringBuilder text = new StringBuilder();
        try (LocalGeneration g = model.generate(new ChatRequest(List.of(new ChatMessage(ChatMessage.Role.USER,
                "Once upon a time")), new GenerationParams(16, 0.0, null, null, List.of())))) {
            for (TokenEvent e = g.next(); e instanceof TokenEvent.Text t; e = g.next()) text.append(t.text());
        }
        return text.toString();
    }
}
