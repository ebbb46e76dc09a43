package dev.gatehouse.inference;

import dev.gatehouse.inference.InferenceException.Kind;
import dev.gatehouse.inference.placement.Device;
import dev.gatehouse.inference.placement.Placement;
import dev.gatehouse.inference.worker.WorkerChatModel;
import dev.gatehouse.inference.worker.WorkerLoad;
import dev.gatehouse.natives.ChatEngines;
import dev.gatehouse.inference.worker.WorkerOptions;
import dev.gatehouse.manifest.ModelFiles;
import dev.gatehouse.manifest.ModelFormat;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.TaskKind;
import dev.gatehouse.manifest.gguf.GgufFormatException;
import dev.gatehouse.manifest.gguf.GgufInfo;
import dev.gatehouse.manifest.gguf.GgufReader;
import dev.gatehouse.natives.NativeException;
import dev.gatehouse.natives.NativeLibraries;
import dev.gatehouse.natives.OnnxEmbedder;
import dev.gatehouse.natives.llamacpp.EmbeddingLoadOptions;
import dev.gatehouse.natives.llamacpp.EmbeddingPooling;
import dev.gatehouse.natives.llamacpp.LlamaCppEmbedder;
import dev.gatehouse.natives.llamacpp.LlamaCppLibrary;
import java.util.ArrayList;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The production {@link ModelLoader}: GGUF chat models each in a worker process of their own (so unloading returns
 * their memory and a native crash stays in that process), embedding models inside this JVM: ONNX ones on ONNX
 * Runtime, GGUF ones (tasks exactly [embeddings]) on llama.cpp's FFM binding; both free their memory on close.
 */
public final class NativeModelLoader implements ModelLoader {
    private final Path modelsDir;
    private final WorkerOptions workers;
    private final int threadsPerModel;
    private final ChatEngines.LlamaCppLibraries llamaCpp;

    /** @param llamaCpp the installed llama.cpp libraries, or null when none are (models then use java-llama.cpp) */
    public NativeModelLoader(Path modelsDir, WorkerOptions workers, int threadsPerModel,
                             ChatEngines.LlamaCppLibraries llamaCpp) {
        this.modelsDir = modelsDir;
        this.workers = workers;
        this.threadsPerModel = threadsPerModel;
        this.llamaCpp = llamaCpp;
    }

    /**
     * Workers run with this JVM's java and class path, log under {@code runDir}, and leave one core to the server:
     * llama.cpp's threads spin while they wait for each other, and on 2 cores two of them next to the server's
     * threads generated stories260K at 300 tokens/s where one alone made 5,600 (docs/BENCHMARKS.md).
     */
    public static NativeModelLoader create(Path modelsDir, Path runDir) {
        return new NativeModelLoader(modelsDir, WorkerOptions.sameJvm(runDir.resolve("workers")),
                Math.max(1, Runtime.getRuntime().availableProcessors() - 1), ChatEngines.LlamaCppLibraries.installed());
    }

    /**
     * Workers log under {@code <tmp>/gatehouse-<pid>}, which is removed when this JVM exits if nothing is left in it:
     * workers that stopped cleanly remove their own files, a crashed worker's log stays for diagnosis.
     */
    public static NativeModelLoader create(Path modelsDir) {
        Path run = Path.of(System.getProperty("java.io.tmpdir"), "gatehouse-" + ProcessHandle.current().pid());
        run.toFile().deleteOnExit(); // deleted in reverse order of registration: workers/ first, then run/
        run.resolve("workers").toFile().deleteOnExit();
        return create(modelsDir, run);
    }

    @Override
    public LoadedModel load(ModelSpec spec, int slots, int context) {
        return switch (spec.format()) {
            case GGUF -> embedsOnly(spec) ? loadGgufEmbeddings(spec, context, 0, Device.CPU)
                    : loadGguf(spec, slots, context, 0);
            case ONNX -> loadOnnx(spec);
        };
    }

    /**
     * As planned: the placement's context, slots and layers on the GPU, and only the planned GPUs visible to the
     * worker ({@link GpuVisibility}), so its llama.cpp cannot drift onto another one.
     */
    @Override
    public LoadedModel load(ModelSpec spec, Placement placement) {
        return switch (spec.format()) {
            case GGUF -> embedsOnly(spec)
                    ? loadGgufEmbeddings(spec, placement.context(), placement.gpuLayers(), placement.device())
                    : loadGguf(spec, placement.slots(), placement.context(), placement.gpuLayers(),
                            workers.withEnvironment(GpuVisibility.of(placement.device())));
            case ONNX -> loadOnnx(spec);
        };
    }

    private LoadedModel loadGguf(ModelSpec spec, int slots, int context, int gpuLayers) {
        return loadGguf(spec, slots, context, gpuLayers, workers);
    }

    private LoadedModel loadGguf(ModelSpec spec, int slots, int context, int gpuLayers, WorkerOptions options) {
        Path file = existing(spec);
        int trained = trainedContext(spec, file);
        // An explicit manifest context is honoured (the manifest check warns); a default never exceeds training.
        int effective = spec.context() != null || trained <= 0 ? context : Math.min(context, trained);
        // Only the planned GPUs are visible to the worker (GpuVisibility): index 0 is the first of them, and with
        // several visible llama.cpp splits the offloaded layers by their free memory.
        return WorkerChatModel.launch(spec.id(), options, new WorkerLoad(file, effective, slots, threadsPerModel,
                gpuLayers, spec.chatTemplate(), spec.engine().wireName(), llamaCpp, 0, List.of(),
                spec.kvCacheType().wireName(), spec.flashAttention().wireName()));
    }

    @Override
    public String chatTemplate(ModelSpec spec) {
        if (spec.chatTemplate() != null || spec.format() != ModelFormat.GGUF) return spec.chatTemplate();
        try {
            Path file = ModelFiles.resolve(spec, modelsDir);
            if (file == null || !Files.isRegularFile(file)) return null;
            return GgufReader.read(file).metadata().get("tokenizer.chat_template") instanceof String s ? s : null;
        } catch (GgufFormatException | UncheckedIOException e) {
            return null; // the load reports the missing or broken file
        }
    }

    /** A GGUF serving chat and embeddings is loaded as a chat model: one loaded model is one kind or the other. */
    private static boolean embedsOnly(ModelSpec spec) {
        return spec.tasks().equals(java.util.Set.of(TaskKind.EMBEDDINGS));
    }

    /**
     * In this JVM, since the FFM engine frees a model on close: no worker protocol for a single short call. The
     * pool's slots do not apply (calls are serialised; each batches its inputs as sequences). Without a worker
     * there is no CUDA_VISIBLE_DEVICES, so the planned GPUs are chosen by the tensor split instead.
     */
    private LoadedModel loadGgufEmbeddings(ModelSpec spec, int context, int gpuLayers, Device device) {
        if (llamaCpp == null) {
            throw new InferenceException(Kind.MODEL_NOT_READY, spec.id() + " is a GGUF embedding model, which runs "
                    + "on llama.cpp; its libraries are not installed (./gatehouse backends install cpu)");
        }
        Path file = existing(spec);
        int trained = trainedContext(spec, file);
        int effective = trained > 0 ? Math.min(context, trained) : context;
        try {
            LlamaCppLibrary lib = LlamaCppLibrary.load(llamaCpp.directory(), llamaCpp.version(),
                    llamaCpp.coreLibraries());
            return new LlamaCppEmbeddingModel(spec.id(), LlamaCppEmbedder.open(lib, new EmbeddingLoadOptions(file,
                    effective, EmbeddingLoadOptions.DEFAULT_SEQUENCES, threadsPerModel, gpuLayers,
                    tensorSplit(device), EmbeddingPooling.MODEL)));
        } catch (NativeException | IllegalArgumentException e) {
            throw new InferenceException(Kind.MODEL_NOT_READY, "loading " + spec.id() + " failed"
                    + (e instanceof NativeException n ? " (" + n.kind() + ")" : "") + ": " + e.getMessage(), null, e);
        }
    }

    /** Equal shares on the planned GPUs and none elsewhere; empty on the CPU. */
    static List<Float> tensorSplit(Device device) {
        if (!device.usesGpu()) return List.of();
        int size = device.gpus().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        List<Float> split = new ArrayList<>(java.util.Collections.nCopies(size, 0f));
        for (int gpu : device.gpus()) split.set(gpu, 1f);
        return split;
    }

    private LoadedModel loadOnnx(ModelSpec spec) {
        try {
            NativeLibraries.loadOnnxRuntime();
            if (spec.builtin() != null) {
                return new OnnxEmbeddingModel(OnnxEmbedder.openBuiltin(spec.builtin()));
            }
            Path file = existing(spec);
            return new OnnxEmbeddingModel(OnnxEmbedder.open(file, tokenizerBeside(file)));
        } catch (NativeException e) {
            throw new InferenceException(Kind.MODEL_NOT_READY,
                    "loading " + spec.id() + " failed (" + e.kind() + "): " + e.getMessage(), null, e);
        }
    }

    /** The model's file; a builtin GGUF is extracted from the jar on its first load. */
    private Path existing(ModelSpec spec) {
        Path file;
        try {
            file = ModelFiles.resolve(spec, modelsDir);
        } catch (UncheckedIOException e) {
            throw new InferenceException(Kind.MODEL_NOT_READY, "model file of " + spec.id() + ": " + e.getMessage(),
                    null, e);
        }
        if (!Files.isRegularFile(file)) {
            throw new InferenceException(Kind.MODEL_NOT_READY, "model file of " + spec.id() + " not found: " + file.toAbsolutePath());
        }
        return file;
    }

    private static int trainedContext(ModelSpec spec, Path file) {
        try {
            GgufInfo info = GgufReader.read(file);
            return info.contextLength();
        } catch (GgufFormatException e) {
            throw new InferenceException(Kind.MODEL_NOT_READY, "model file of " + spec.id() + " is not a valid GGUF: "
                    + e.getMessage(), null, e);
        }
    }

    /** {@code name.onnx} takes its tokenizer from {@code name-tokenizer.json}, else {@code tokenizer.json}. */
    private static Path tokenizerBeside(Path onnx) {
        String base = onnx.getFileName().toString().replaceFirst("\\.onnx$", "");
        Path specific = onnx.resolveSibling(base + "-tokenizer.json");
        return Files.exists(specific) ? specific : onnx.resolveSibling("tokenizer.json");
    }
}
