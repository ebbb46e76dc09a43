package dev.gatehouse.natives;

import ai.onnxruntime.OrtEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

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
    private static volatile boolean onnxLoaded;

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

    /** Loads ONNX Runtime's native library by creating its process-wide environment. Idempotent. */
    public static synchronized void loadOnnxRuntime() {
        if (onnxLoaded) {
            return;
        }
        try {
            OrtEnvironment.getEnvironment();
        } catch (LinkageError | RuntimeException e) {
            throw new NativeException(NativeException.Kind.LIBRARY_LOAD_FAILED,
                    "cannot load ONNX Runtime on os.name=" + System.getProperty("os.name") + ", os.arch="
                            + System.getProperty("os.arch") + "; paths tried: onnxruntime.native.path="
                            + System.getProperty("onnxruntime.native.path") + ", java.library.path="
                            + System.getProperty("java.library.path") + ", the copy inside the onnxruntime jar; cause: " + e,
                    e);
        }
        onnxLoaded = true;
        LOG.log(Level.FINE, "ONNX Runtime loaded");
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
        if (!onnxLoaded) {
            throw new IllegalStateException("NativeLibraries.loadOnnxRuntime() must be called at startup first");
        }
    }
}
