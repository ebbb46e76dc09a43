package dev.gatehouse.natives;

import dev.gatehouse.natives.llamacpp.LlamaCppEngine;
import dev.gatehouse.natives.llamacpp.LlamaCppLibrary;
import dev.gatehouse.natives.backends.BackendCache;
import dev.gatehouse.natives.backends.BackendKind;
import dev.gatehouse.natives.backends.BackendSupport;
import dev.gatehouse.natives.backends.InstalledBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens a model with the engine its manifest entry asks for; the one place that knows both engines exist. */
public final class ChatEngines {

    private ChatEngines() {}

    /**
     * Where llama.cpp's libraries are, if installed.
     *
     * @param directory the installed backend's {@code lib/} directory
     * @param version   its npm package version
     */
    public record LlamaCppLibraries(Path directory, String version, List<Path> coreLibraries) {

        public LlamaCppLibraries {
            coreLibraries = List.copyOf(coreLibraries);
        }

        /**
         * The best installed backend this machine can use: CUDA, then Vulkan, then the CPU; null when none is
         * installed (models then run on java-llama.cpp).
         */
        public static LlamaCppLibraries installed() {
            BackendCache cache = BackendCache.forEnvironment(System.getenv());
            List<InstalledBackend> candidates = new ArrayList<>();
            for (BackendKind kind : List.of(BackendKind.CUDA, BackendKind.VULKAN, BackendKind.CPU)) {
                cache.find(kind).ifPresent(candidates::add);
            }
            if (candidates.isEmpty()) return null;
            BackendSupport support = candidates.getFirst().kind() == BackendKind.CPU ? null
                    : BackendSupport.probe(System.getenv());
            for (InstalledBackend backend : candidates) {
                if (backend.kind() == BackendKind.CPU || support.check(backend.kind()).usable()) {
                    return of(backend);
                }
            }
            return null;
        }

        /** "cpu", "cuda" or "vulkan": the build these libraries belong to (their install folder's name). */
        public String backend() {
            Path install = directory.getParent();
            String name = install == null ? "" : install.getFileName().toString();
            int dash = name.indexOf('-');
            return dash > 0 ? name.substring(0, dash) : name;
        }

        public static LlamaCppLibraries of(InstalledBackend backend) {
            return new LlamaCppLibraries(backend.libDir(), backend.version(), backend.coreLibraries());
        }
    }

    /** Whether a model asking for {@code engine} runs on llama.cpp: asked for, or "auto" with libraries installed. */
    public static boolean runsOnLlamaCpp(String engine, LlamaCppLibraries libraries) {
        return switch (engine) {
            case EngineInfo.LLAMA_CPP -> true;
            case EngineInfo.JAVA_LLAMA_CPP -> false;
            case "auto" -> libraries != null;
            default -> throw new NativeException(NativeException.Kind.INVALID_ARGUMENT,
                    "engine must be llama.cpp, java-llama.cpp or auto, was " + engine);
        };
    }

    /**
     * @param engine    "llama.cpp", "java-llama.cpp", or "auto" (llama.cpp when its libraries are installed)
     * @param libraries the installed llama.cpp libraries, or null when none are
     * @param jniTmpDir a private directory for java-llama.cpp's JNI library
     */
    public static ChatEngine open(String engine, LlamaLoadOptions options, LlamaCppLibraries libraries, Path jniTmpDir) {
        if (runsOnLlamaCpp(engine, libraries)) {
            if (libraries == null) {
                throw new NativeException(NativeException.Kind.LIBRARY_LOAD_FAILED, "engine llama.cpp needs its "
                        + "libraries: run ./gatehouse backends install cpu (or cuda, vulkan)");
            }
            return LlamaCppEngine.open(LlamaCppLibrary.load(libraries.directory(), libraries.version(),
                    libraries.coreLibraries()), options);
        }
        NativeLibraries.loadLlama(jniTmpDir);
        return JavaLlamaEngine.open(options);
    }
}
