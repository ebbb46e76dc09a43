package dev.gatehouse.inference.worker;

import dev.gatehouse.natives.ChatEngines;
import java.nio.file.Path;
import java.util.List;

/**
 * How a worker loads its model: the pool's placement decisions plus the manifest's engine settings.
 *
 * @param engine         llama.cpp, java-llama.cpp or auto (llama.cpp when its libraries are installed)
 * @param libraries      the installed llama.cpp libraries, or null when none are installed
 * @param tensorSplit    share of offloaded layers per visible GPU; empty lets llama.cpp split by free memory
 * @param kvCacheType    f16, f32, q8_0 or q4_0
 * @param flashAttention auto, on or off
 */
public record WorkerLoad(Path file, int context, int slots, int threads, int gpuLayers, String chatTemplate,
                         String engine, ChatEngines.LlamaCppLibraries libraries, int mainGpu, List<Float> tensorSplit,
                         String kvCacheType, String flashAttention) {

    public WorkerLoad {
        tensorSplit = tensorSplit == null ? List.of() : List.copyOf(tensorSplit);
    }

    /** The defaults: automatic engine, one GPU or none, f16 cache, flash attention where supported. */
    public static WorkerLoad of(Path file, int context, int slots, int threads, int gpuLayers, String chatTemplate,
                                ChatEngines.LlamaCppLibraries libraries) {
        return new WorkerLoad(file, context, slots, threads, gpuLayers, chatTemplate, "auto", libraries, 0, List.of(),
                "f16", "auto");
    }

    WorkerJson.LoadSpec spec() {
        return new WorkerJson.LoadSpec(file.toString(), context, slots, threads, gpuLayers, chatTemplate, engine,
                libraries == null ? null : libraries.directory().toString(),
                libraries == null ? null : libraries.version(),
                libraries == null ? List.of() : libraries.coreLibraries().stream().map(Path::toString).toList(),
                mainGpu, tensorSplit, kvCacheType, flashAttention);
    }
}
