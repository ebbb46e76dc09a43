package dev.gatehouse.natives;

import dev.gatehouse.natives.llamacpp.LlamaCppEngine;
import dev.gatehouse.natives.llamacpp.LlamaCppLibrary;
import java.nio.file.Path;

/** Opens a model with the engine its manifest entry asks for; the one place that knows both engines exist. */
public final class ChatEngines {

    private ChatEngines() {}

    /**
     * Where llama.cpp's libraries are, if installed.
     *
     * @param directory the installed backend's {@code lib/} directory
     * @param version   its npm package version
     */
    public record LlamaCppLibraries(Path directory, String version) {

        /** The installed CPU libraries of the pinned version, or null when they are not installed. */
        public static LlamaCppLibraries installed() {
            String root = System.getenv("GATEHOUSE_BACKENDS_DIR");
            Path base = root != null && !root.isBlank() ? Path.of(root)
                    : Path.of(System.getenv().getOrDefault("XDG_CACHE_HOME",
                            System.getProperty("user.home") + "/.cache"), "gatehouse", "backends");
            Path lib = base.resolve("cpu-" + LlamaCppLibrary.PINNED_VERSION).resolve("lib");
            return java.nio.file.Files.isRegularFile(lib.resolve("libllama.v0.5.0.so"))
                    ? new LlamaCppLibraries(lib, LlamaCppLibrary.PINNED_VERSION) : null;
        }
    }

    /**
     * @param engine    "llama.cpp", "java-llama.cpp", or "auto" (llama.cpp when its libraries are installed)
     * @param libraries the installed llama.cpp libraries, or null when none are
     * @param jniTmpDir a private directory for java-llama.cpp's JNI library
     */
    public static ChatEngine open(String engine, LlamaLoadOptions options, LlamaCppLibraries libraries, Path jniTmpDir) {
        boolean useLlamaCpp = switch (engine) {
            case EngineInfo.LLAMA_CPP -> {
                if (libraries == null) {
                    throw new NativeException(NativeException.Kind.LIBRARY_LOAD_FAILED, "engine llama.cpp needs its "
                            + "libraries: run ./gatehouse backends install cpu (or cuda, vulkan)");
                }
                yield true;
            }
            case EngineInfo.JAVA_LLAMA_CPP -> false;
            case "auto" -> libraries != null;
            default -> throw new NativeException(NativeException.Kind.INVALID_ARGUMENT,
                    "engine must be llama.cpp, java-llama.cpp or auto, was " + engine);
        };
        if (useLlamaCpp) {
            return LlamaCppEngine.open(LlamaCppLibrary.load(libraries.directory(), libraries.version()), options);
        }
        NativeLibraries.loadLlama(jniTmpDir);
        return JavaLlamaEngine.open(options);
    }
}
