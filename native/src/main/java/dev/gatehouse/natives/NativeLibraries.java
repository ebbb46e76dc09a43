package dev.gatehouse.natives;

import ai.onnxruntime.OrtEnvironment;
import dev.gatehouse.natives.onnx.OnnxBackendSelector;
import dev.gatehouse.natives.onnx.OnnxPlacement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Loads the native libraries explicitly, once, at startup, so that a missing or broken library fails there with
 * a message naming the OS, the architecture and every place looked at, instead of surfacing later inside the
 * first request. None of our classes touch native code in a static initialiser.
 */
public final class NativeLibraries {

    static final String LLAMA_TMPDIR_PROPERTY = "de.kherud.llama.tmpdir";
    private static final String LLAMA_LIB_PATH_PROPERTY = "de.kherud.llama.lib.path";
    private static final Logger LOG = Logger.getLogger(NativeLibraries.class.getName());

    private static volatile Path llamaDir;
    private static volatile OnnxPlacement onnxPlacement;

    private NativeLibraries() {
    }

    /**
     * Loads java-llama.cpp's JNI library. Its loader deletes every {@code llama*}/{@code jllama*} file in its temp
     * directory and extracts the library there, so each process needs a directory of its own: {@code privateTmpDir}
     * is used unless {@value #LLAMA_TMPDIR_PROPERTY} is already set. Idempotent.
     */
    public static synchronized void loadLlama(Path privateTmpDir) {
        if (llamaDir != null) {
            return;
        }
        String configured = System.getProperty(LLAMA_TMPDIR_PROPERTY);
        Path dir = configured == null || configured.isBlank() ? privateTmpDir.toAbsolutePath() : Path.of(configured);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new NativeException(NativeException.Kind.LIBRARY_LOAD_FAILED,
                    "cannot create llama.cpp library directory " + dir + ": " + e, e);
        }
        System.setProperty(LLAMA_TMPDIR_PROPERTY, dir.toString());
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // The binding's loader prints "Extracted ..." to stdout; a worker's stdout is a protocol channel.
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Class.forName("de.kherud.llama.LlamaModel", true, NativeLibraries.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new NativeException(NativeException.Kind.LIBRARY_LOAD_FAILED,
                    "cannot load the llama.cpp JNI library (java-llama.cpp) on os.name=" + System.getProperty("os.name")
                            + ", os.arch=" + System.getProperty("os.arch") + "; tmp dir " + dir
                            + "; paths tried: " + LLAMA_LIB_PATH_PROPERTY + "=" + System.getProperty(LLAMA_LIB_PATH_PROPERTY)
                            + ", java.library.path=" + System.getProperty("java.library.path")
                            + ", extracted copy in " + dir + "; cause: " + e, e);
        } finally {
            System.setOut(stdout);
            String text = captured.toString(StandardCharsets.UTF_8).strip();
            if (!text.isEmpty()) {
                LOG.fine(() -> "llama.cpp loader: " + text);
            }
        }
        llamaDir = dir;
        LOG.fine(() -> "llama.cpp JNI library loaded from " + dir);
    }

    /**
     * Loads ONNX Runtime's native library by creating its process-wide environment, after choosing which build to load
     * ({@link OnnxBackendSelector}): the CUDA build of an installed onnx-cuda backend when this machine can run it,
     * else the CPU build inside the onnxruntime jar. The choice, with its reason, is logged and kept for
     * {@link #onnxPlacement()}. Idempotent.
     *
     * @throws NativeException LIBRARY_LOAD_FAILED when the library does not load, INVALID_ARGUMENT when
     *                         {@value OnnxBackendSelector#MODE_ENV} holds something other than auto or cpu
     */
    public static synchronized void loadOnnxRuntime() {
        if (onnxPlacement != null) {
            return;
        }
        OnnxBackendSelector.Plan plan = OnnxBackendSelector.plan(System.getenv(),
                System.getProperty(OnnxBackendSelector.NATIVE_PATH_PROPERTY));
        if (plan.nativeLibraryDir() != null) {
            // read once, when ONNX Runtime first initialises; a later change has no effect
            System.setProperty(OnnxBackendSelector.NATIVE_PATH_PROPERTY, plan.nativeLibraryDir().toString());
        }
        String nativePath = System.getProperty(OnnxBackendSelector.NATIVE_PATH_PROPERTY);
        Set<String> providers;
        try {
            OrtEnvironment.getEnvironment();
            providers = OrtEnvironment.getAvailableProviders().stream().map(Enum::name)
                    .collect(Collectors.toSet());
        } catch (LinkageError | RuntimeException e) {
            throw new NativeException(NativeException.Kind.LIBRARY_LOAD_FAILED,
                    "cannot load ONNX Runtime on os.name=" + System.getProperty("os.name") + ", os.arch="
                            + System.getProperty("os.arch") + "; paths tried: " + OnnxBackendSelector.NATIVE_PATH_PROPERTY
                            + "=" + nativePath + (plan.nativeLibraryDir() == null ? "" : " (the onnx-cuda backend; "
                            + OnnxBackendSelector.MODE_ENV + "=cpu loads the CPU build in the jar instead)")
                            + ", java.library.path=" + System.getProperty("java.library.path")
                            + ", the copy inside the onnxruntime jar; cause: " + e, e);
        }
        OnnxPlacement placement = OnnxBackendSelector.confirm(plan.placement(), providers);
        onnxPlacement = placement;
        LOG.info(() -> "ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion() + " loaded from "
                + (nativePath == null ? "the onnxruntime jar" : nativePath) + "; embedding models run on "
                + placement.backend().id() + ": " + placement.reason());
    }

    /** Where embedding sessions run, chosen by {@link #loadOnnxRuntime()}; it must have been called. */
    public static OnnxPlacement onnxPlacement() {
        requireOnnxRuntime();
        return onnxPlacement;
    }

    /** The directory llama.cpp's library lives in; loads must have happened first. */
    static Path requireLlama() {
        Path dir = llamaDir;
        if (dir == null) {
            throw new IllegalStateException("NativeLibraries.loadLlama(privateTmpDir) must be called at startup first");
        }
        return dir;
    }

    static void requireOnnxRuntime() {
        if (onnxPlacement == null) {
            throw new IllegalStateException("NativeLibraries.loadOnnxRuntime() must be called at startup first");
        }
    }
}
