package dev.gatehouse.natives.llamacpp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gatehouse.natives.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * llama.cpp's shared libraries (as the npm packages {@code @node-llama-cpp/linux-x64*} ship them) bound through the
 * FFM API: no JNI, no compiler. Loaded once per process from one directory; {@code ggml_backend_load_all_from_path}
 * then picks the best CPU variant and any GPU backend (CUDA, Vulkan) found beside it.
 *
 * <p>The struct layouts in {@link LlamaStructs} belong to {@link #PINNED_VERSION}; another version is refused at load
 * rather than misread.
 */
public final class LlamaCppLibrary {

    /** The npm package version whose llama.h this binding follows (llama.cpp of 2026-09-28). */
    public static final String PINNED_VERSION = "3.22.1";

    private static final Logger LOG = Logger.getLogger(LlamaCppLibrary.class.getName());
    private static final Logger NATIVE_LOG = Logger.getLogger("llama.cpp");
    private static final Linker LINKER = Linker.nativeLinker();
    private static volatile LlamaCppLibrary loaded;

    final Path directory;
    final String version;
    private final SymbolLookup symbols;
    private final NativeLog log;

    // ggml backend registry
    final MethodHandle ggmlBackendLoadAllFromPath;
    final MethodHandle ggmlBackendDevCount;
    final MethodHandle ggmlBackendDevGet;
    final MethodHandle ggmlBackendDevName;
    final MethodHandle ggmlBackendDevDescription;
    final MethodHandle ggmlBackendDevType;
    final MethodHandle ggmlBackendDevMemory;
    // llama.h
    final MethodHandle backendInit;
    final MethodHandle logSet;
    final MethodHandle printSystemInfo;
    final MethodHandle supportsGpuOffload;
    final MethodHandle modelDefaultParams;
    final MethodHandle contextDefaultParams;
    final MethodHandle modelLoadFromFile;
    final MethodHandle modelFree;
    final MethodHandle initFromModel;
    final MethodHandle free;
    final MethodHandle modelGetVocab;
    final MethodHandle modelChatTemplate;
    final MethodHandle modelMetaValStr;
    final MethodHandle modelNLayer;
    final MethodHandle modelNEmbd;
    final MethodHandle modelSize;
    final MethodHandle modelHasEncoder;
    final MethodHandle modelHasDecoder;
    final MethodHandle modelNEmbdOut;
    final MethodHandle modelNCtxTrain;
    final MethodHandle nCtx;
    final MethodHandle nCtxSeq;
    final MethodHandle vocabNTokens;
    final MethodHandle vocabIsEog;
    final MethodHandle vocabBos;
    final MethodHandle vocabEos;
    final MethodHandle vocabGetAddBos;
    final MethodHandle vocabGetText;
    final MethodHandle tokenize;
    final MethodHandle tokenToPiece;
    final MethodHandle chatApplyTemplate;
    final MethodHandle decode;
    final MethodHandle encode;
    final MethodHandle getLogitsIth;
    final MethodHandle getEmbeddingsSeq;
    final MethodHandle poolingType;
    final MethodHandle getMemory;
    final MethodHandle memorySeqRm;
    final MethodHandle memoryClear;
    final MethodHandle samplerChainDefaultParams;
    final MethodHandle samplerChainInit;
    final MethodHandle samplerChainAdd;
    final MethodHandle samplerInitGreedy;
    final MethodHandle samplerInitDist;
    final MethodHandle samplerInitTopK;
    final MethodHandle samplerInitTopP;
    final MethodHandle samplerInitMinP;
    final MethodHandle samplerInitTemp;
    final MethodHandle samplerInitPenalties;
    final MethodHandle samplerInitLogitBias;
    final MethodHandle samplerInitGrammar;
    final MethodHandle samplerSample;
    final MethodHandle samplerFree;

    private LlamaCppLibrary(Path directory, String version, SymbolLookup symbols) {
        this.directory = directory;
        this.version = version;
        this.symbols = symbols;
        ggmlBackendLoadAllFromPath = fn("ggml_backend_load_all_from_path", null, ADDRESS);
        ggmlBackendDevCount = fn("ggml_backend_dev_count", JAVA_LONG);
        ggmlBackendDevGet = fn("ggml_backend_dev_get", ADDRESS, JAVA_LONG);
        ggmlBackendDevName = fn("ggml_backend_dev_name", ADDRESS, ADDRESS);
        ggmlBackendDevDescription = fn("ggml_backend_dev_description", ADDRESS, ADDRESS);
        ggmlBackendDevType = fn("ggml_backend_dev_type", JAVA_INT, ADDRESS);
        ggmlBackendDevMemory = fn("ggml_backend_dev_memory", null, ADDRESS, ADDRESS, ADDRESS);
        backendInit = fn("llama_backend_init", null);
        logSet = fn("llama_log_set", null, ADDRESS, ADDRESS);
        printSystemInfo = fn("llama_print_system_info", ADDRESS);
        supportsGpuOffload = fn("llama_supports_gpu_offload", JAVA_BOOLEAN);
        modelDefaultParams = fn("llama_model_default_params", LlamaStructs.MODEL_PARAMS);
        contextDefaultParams = fn("llama_context_default_params", LlamaStructs.CONTEXT_PARAMS);
        modelLoadFromFile = fn("llama_model_load_from_file", ADDRESS, ADDRESS, LlamaStructs.MODEL_PARAMS);
        modelFree = fn("llama_model_free", null, ADDRESS);
        initFromModel = fn("llama_init_from_model", ADDRESS, ADDRESS, LlamaStructs.CONTEXT_PARAMS);
        free = fn("llama_free", null, ADDRESS);
        modelGetVocab = fn("llama_model_get_vocab", ADDRESS, ADDRESS);
        modelChatTemplate = fn("llama_model_chat_template", ADDRESS, ADDRESS, ADDRESS);
        modelMetaValStr = fn("llama_model_meta_val_str", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
        modelNLayer = fn("llama_model_n_layer", JAVA_INT, ADDRESS);
        modelNEmbd = fn("llama_model_n_embd", JAVA_INT, ADDRESS);
        modelSize = fn("llama_model_size", JAVA_LONG, ADDRESS);
        modelHasEncoder = fn("llama_model_has_encoder", JAVA_BOOLEAN, ADDRESS);
        modelHasDecoder = fn("llama_model_has_decoder", JAVA_BOOLEAN, ADDRESS);
        modelNEmbdOut = fn("llama_model_n_embd_out", JAVA_INT, ADDRESS);
        modelNCtxTrain = fn("llama_model_n_ctx_train", JAVA_INT, ADDRESS);
        nCtx = fn("llama_n_ctx", JAVA_INT, ADDRESS);
        nCtxSeq = fn("llama_n_ctx_seq", JAVA_INT, ADDRESS);
        vocabNTokens = fn("llama_vocab_n_tokens", JAVA_INT, ADDRESS);
        vocabIsEog = fn("llama_vocab_is_eog", JAVA_BOOLEAN, ADDRESS, JAVA_INT);
        vocabBos = fn("llama_vocab_bos", JAVA_INT, ADDRESS);
        vocabEos = fn("llama_vocab_eos", JAVA_INT, ADDRESS);
        vocabGetAddBos = fn("llama_vocab_get_add_bos", JAVA_BOOLEAN, ADDRESS);
        vocabGetText = fn("llama_vocab_get_text", ADDRESS, ADDRESS, JAVA_INT);
        tokenize = fn("llama_tokenize", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_BOOLEAN,
                JAVA_BOOLEAN);
        tokenToPiece = fn("llama_token_to_piece", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_BOOLEAN);
        chatApplyTemplate = fn("llama_chat_apply_template", JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_BOOLEAN,
                ADDRESS, JAVA_INT);
        decode = fn("llama_decode", JAVA_INT, ADDRESS, LlamaStructs.BATCH);
        encode = fn("llama_encode", JAVA_INT, ADDRESS, LlamaStructs.BATCH);
        getLogitsIth = fn("llama_get_logits_ith", ADDRESS, ADDRESS, JAVA_INT);
        getEmbeddingsSeq = fn("llama_get_embeddings_seq", ADDRESS, ADDRESS, JAVA_INT);
        poolingType = fn("llama_pooling_type", JAVA_INT, ADDRESS);
        getMemory = fn("llama_get_memory", ADDRESS, ADDRESS);
        memorySeqRm = fn("llama_memory_seq_rm", JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT);
        memoryClear = fn("llama_memory_clear", null, ADDRESS, JAVA_BOOLEAN);
        samplerChainDefaultParams = fn("llama_sampler_chain_default_params", LlamaStructs.SAMPLER_CHAIN_PARAMS);
        samplerChainInit = fn("llama_sampler_chain_init", ADDRESS, LlamaStructs.SAMPLER_CHAIN_PARAMS);
        samplerChainAdd = fn("llama_sampler_chain_add", null, ADDRESS, ADDRESS);
        samplerInitGreedy = fn("llama_sampler_init_greedy", ADDRESS);
        samplerInitDist = fn("llama_sampler_init_dist", ADDRESS, JAVA_INT);
        samplerInitTopK = fn("llama_sampler_init_top_k", ADDRESS, JAVA_INT);
        samplerInitTopP = fn("llama_sampler_init_top_p", ADDRESS, JAVA_FLOAT, JAVA_LONG);
        samplerInitMinP = fn("llama_sampler_init_min_p", ADDRESS, JAVA_FLOAT, JAVA_LONG);
        samplerInitTemp = fn("llama_sampler_init_temp", ADDRESS, JAVA_FLOAT);
        samplerInitPenalties = fn("llama_sampler_init_penalties", ADDRESS, JAVA_INT, JAVA_INT, JAVA_FLOAT, JAVA_FLOAT,
                JAVA_FLOAT);
        samplerInitLogitBias = fn("llama_sampler_init_logit_bias", ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
        samplerInitGrammar = fn("llama_sampler_init_grammar", ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        samplerSample = fn("llama_sampler_sample", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
        samplerFree = fn("llama_sampler_free", null, ADDRESS);
        this.log = new NativeLog(NATIVE_LOG);
    }

    /**
     * Loads the libraries in {@code directory} (an installed backend's {@code lib/}) once per process; a later call
     * with another directory is refused, since ggml's backend registry is process-wide.
     *
     * @param version       the npm package version the directory holds; must be {@link #PINNED_VERSION}
     * @param coreLibraries libggml-base, libggml and libllama of that build, in load order (their names differ
     *                      per build: {@code libllama.cuda.v0.5.0.so}, ...)
     */
    public static synchronized LlamaCppLibrary load(Path directory, String version, List<Path> coreLibraries) {
        Path dir = directory.toAbsolutePath().normalize();
        LlamaCppLibrary current = loaded;
        if (current != null) {
            if (!current.directory.equals(dir)) {
                throw new NativeException(NativeException.Kind.LIBRARY_LOAD_FAILED, "llama.cpp is already loaded from "
                        + current.directory + "; one process uses one backend directory, asked for " + dir);
            }
            return current;
        }
        if (!PINNED_VERSION.equals(version)) {
            throw new NativeException(NativeException.Kind.LIBRARY_LOAD_FAILED, "the llama.cpp libraries in " + dir
                    + " are version " + version + "; this Gatehouse binds version " + PINNED_VERSION
                    + " (run ./gatehouse backends install to get it)");
        }
        List<String> missing = new ArrayList<>();
        for (Path library : coreLibraries) {
            if (!Files.isRegularFile(library)) missing.add(library.getFileName().toString());
        }
        if (coreLibraries.size() != 3 || !missing.isEmpty()) {
            throw new NativeException(NativeException.Kind.LIBRARY_LOAD_FAILED, "llama.cpp libraries missing in "
                    + dir + ": " + (missing.isEmpty() ? coreLibraries : missing)
                    + " (run ./gatehouse backends install cpu)");
        }
        SymbolLookup symbols;
        try {
            Arena global = Arena.global();
            // dlopen in dependency order; libllama also finds its siblings through its $ORIGIN run path
            SymbolLookup base = SymbolLookup.libraryLookup(coreLibraries.get(0), global);
            SymbolLookup ggml = SymbolLookup.libraryLookup(coreLibraries.get(1), global);
            symbols = SymbolLookup.libraryLookup(coreLibraries.get(2), global).or(ggml).or(base);
        } catch (IllegalArgumentException | IllegalCallerException e) {
            throw new NativeException(NativeException.Kind.LIBRARY_LOAD_FAILED, "cannot load llama.cpp from " + dir
                    + " on os.name=" + System.getProperty("os.name") + ", os.arch=" + System.getProperty("os.arch")
                    + ": " + e.getMessage()
                    + (e instanceof IllegalCallerException ? " (start java with --enable-native-access=ALL-UNNAMED)" : ""),
                    e);
        }
        LlamaCppLibrary library = new LlamaCppLibrary(dir, version, symbols);
        library.initialise();
        loaded = library;
        return library;
    }

    private void initialise() {
        try (Arena arena = Arena.ofConfined()) {
            logSet.invokeExact(log.callback(), MemorySegment.NULL);
            ggmlBackendLoadAllFromPath.invokeExact(arena.allocateFrom(directory.toString()));
            backendInit.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
        LOG.fine(() -> "llama.cpp " + version + " loaded from " + directory + "; devices " + devices());
    }

    /** What llama.cpp logged recently (for load failures, which it reports only there). */
    public String recentLog() {
        return log.recent();
    }

    /** A position in llama.cpp's buffer-size lines, for {@link #bufferLinesSince}. */
    long bufferMark() {
        return log.bufferMark();
    }

    /**
     * The "... buffer size = ..." lines logged since {@code mark}. They are kept apart from the rest of the log:
     * a load logs dozens of debug lines per layer, which would push them out of any short ring.
     */
    String bufferLinesSince(long mark) {
        return log.bufferLinesSince(mark);
    }

    /** The compute devices ggml registered: the CPU and any GPU whose backend library loaded. */
    public List<Device> devices() {
        try (Arena arena = Arena.ofConfined()) {
            long count = (long) ggmlBackendDevCount.invokeExact();
            List<Device> devices = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                MemorySegment dev = (MemorySegment) ggmlBackendDevGet.invokeExact(i);
                String name = string((MemorySegment) ggmlBackendDevName.invokeExact(dev));
                String description = string((MemorySegment) ggmlBackendDevDescription.invokeExact(dev));
                int type = (int) ggmlBackendDevType.invokeExact(dev);
                MemorySegment free = arena.allocate(JAVA_LONG);
                MemorySegment total = arena.allocate(JAVA_LONG);
                ggmlBackendDevMemory.invokeExact(dev, free, total);
                devices.add(new Device(name, description, Device.Type.of(type), free.get(JAVA_LONG, 0),
                        total.get(JAVA_LONG, 0)));
            }
            return devices;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * The backend offloaded layers run on: "cuda" or "vulkan" (a GPU device's name without its index), "cpu" when
     * no GPU backend loaded, where llama.cpp keeps asked-for layers on the CPU.
     */
    String gpuBackend() {
        for (Device device : devices()) {
            if (device.type() == Device.Type.GPU || device.type() == Device.Type.IGPU) {
                String name = device.name().toLowerCase(java.util.Locale.ROOT);
                if (name.startsWith("cuda")) return "cuda";
                if (name.startsWith("vulkan")) return "vulkan";
                return name.replaceAll("[0-9]+$", "");
            }
        }
        return "cpu";
    }

    /** llama.cpp's own summary of the CPU features its chosen backend uses. */
    public String systemInfo() {
        try {
            return string((MemorySegment) printSystemInfo.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Where the libraries were loaded from. */
    public Path directory() {
        return directory;
    }

    /** The npm package version of the libraries. */
    public String version() {
        return version;
    }

    /**
     * One compute device.
     *
     * @param name        ggml's device name, e.g. "CPU", "CUDA0", "Vulkan0"
     * @param description the hardware, e.g. the GPU's marketing name
     */
    public record Device(String name, String description, Type type, long freeBytes, long totalBytes) {
        public enum Type {
            CPU, GPU, IGPU, ACCEL, OTHER;

            static Type of(int code) {
                return switch (code) {
                    case 0 -> CPU;
                    case 1 -> GPU;
                    case 2 -> IGPU;
                    case 3 -> ACCEL;
                    default -> OTHER;
                };
            }
        }
    }

    static String string(MemorySegment cString) {
        return cString.equals(MemorySegment.NULL) ? null : cString.reinterpret(Long.MAX_VALUE).getString(0);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new NativeException(NativeException.Kind.GENERATION_FAILED, "llama.cpp call failed: " + t, t);
    }

    private MethodHandle fn(String name, java.lang.foreign.MemoryLayout result,
                            java.lang.foreign.MemoryLayout... arguments) {
        MemorySegment address = symbols.find(name).orElseThrow(() -> new NativeException(
                NativeException.Kind.LIBRARY_LOAD_FAILED, "llama.cpp in " + directory + " lacks " + name
                + " (not version " + PINNED_VERSION + "?)"));
        FunctionDescriptor descriptor = result == null ? FunctionDescriptor.ofVoid(arguments)
                : FunctionDescriptor.of(result, arguments);
        return LINKER.downcallHandle(address, descriptor);
    }

    /**
     * llama.cpp's log, routed to java.util.logging; its info, warning and error lines are kept in a short ring for
     * error messages (debug lines are not: a load logs dozens per layer), its buffer-size lines in one of their own.
     */
    static final class NativeLog {
        private static final int KEEP = 256;
        private final Logger logger;
        private final String[] ring = new String[KEEP];
        private long next;
        private final String[] buffers = new String[KEEP];
        private long nextBuffer;
        private int lastLevel;
        private final StringBuilder partial = new StringBuilder();
        private MemorySegment stub;

        NativeLog(Logger logger) {
            this.logger = logger;
        }

        MemorySegment callback() throws NoSuchMethodException, IllegalAccessException {
            if (stub == null) {
                MethodHandle target = MethodHandles.lookup().findVirtual(NativeLog.class, "onLog",
                        MethodType.methodType(void.class, int.class, MemorySegment.class, MemorySegment.class)).bindTo(this);
                stub = LINKER.upcallStub(target, FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, ADDRESS), Arena.global());
            }
            return stub;
        }

        @SuppressWarnings("unused") // called by llama.cpp
        private void onLog(int level, MemorySegment text, MemorySegment userData) {
            try {
                String piece = text.reinterpret(Long.MAX_VALUE).getString(0);
                synchronized (this) {
                    partial.append(piece);
                    if (partial.isEmpty() || partial.charAt(partial.length() - 1) != '\n') return;
                    String line = partial.toString().stripTrailing();
                    partial.setLength(0);
                    // ggml levels: 1 debug, 2 info, 3 warn, 4 error, 5 continuation of the previous line
                    int effective = level == 5 ? lastLevel : level;
                    lastLevel = effective;
                    if (effective >= 2) ring[(int) (next++ % KEEP)] = line;
                    if (line.contains(" buffer size = ")) buffers[(int) (nextBuffer++ % KEEP)] = line;
                    logger.log(effective == 4 ? Level.WARNING : Level.FINE, line); // its warnings are mostly notes
                }
            } catch (Throwable ignored) {
                // an exception must never unwind into native code
            }
        }

        synchronized long bufferMark() {
            return nextBuffer;
        }

        synchronized String bufferLinesSince(long mark) {
            StringBuilder out = new StringBuilder();
            for (long i = Math.max(mark, nextBuffer - KEEP); i < nextBuffer; i++) {
                out.append(buffers[(int) (i % KEEP)]).append('\n');
            }
            return out.toString();
        }

        synchronized String recent() {
            StringBuilder out = new StringBuilder();
            for (long i = Math.max(0, next - KEEP); i < next; i++) {
                out.append(ring[(int) (i % KEEP)]).append('\n');
            }
            return out.toString();
        }
    }
}
