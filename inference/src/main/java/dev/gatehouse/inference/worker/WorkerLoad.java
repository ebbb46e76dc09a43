package dev.gatehouse.inference.worker;

import java.nio.file.Path;
import java.util.List;

/**
 * How a worker loads its model: the pool's placement decisions plus the manifest's engine settings.
 *
 * @param engine         llama.cpp, java-llama.cpp or auto (llama.cpp when its libraries are installed)
 * @param libraryDir     the installed llama.cpp libraries' directory, or null when none are installed
 * @param libraryVersion their npm package version, or null
 * @param tensorSplit    share of offloaded layers per visible GPU; empty lets llama.cpp split by free memory
 * @param kvCacheType    f16, f32, q8_0 or q4_0
 * @param flashAttention auto, on or off
 */
public record WorkerLoad(Path file, int context, int slots, int threads, int gpuLayers, String chatTemplate,
                         String engine, Path libraryDir, String libraryVersion, int mainGpu, List<Float> tensorSplit,
                         String kvCacheType, String flashAttention) {

    public WorkerLoad {
        tensorSplit = tensorSplit == null ? List.of() : List.copyOf(tensorSplit);
    }

    /** The defaults: automatic engine, one GPU or none, f16 cache, flash attention where supported. */
    public static WorkerLoad of(Path file, int context, int slots, int threads, int gpuLayers, String chatTemplate,
                                Path libraryDir, String libraryVersion) {
        return new WorkerLoad(file, context, slots, threads, gpuLayers, chatTemplate, "auto", libraryDir,
                libraryVersion, 0, List.of(), "f16", "auto");
    }

    WorkerJson.LoadSpec spec() {
        return new WorkerJson.LoadSpec(file.toString(), context, slots, threads, gpuLayers, chatTemplate, engine,
                libraryDir == null ? null : libraryDir.toString(), libraryVersion, mainGpu, tensorSplit, kvCacheType,
                flashAttention);
    }
}
