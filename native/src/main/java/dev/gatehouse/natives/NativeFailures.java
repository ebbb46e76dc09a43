package dev.gatehouse.natives;

import java.util.Locale;

/**
 * The one place where a failure from native code becomes a {@link NativeException}.
 *
 * <p>java-llama.cpp 4.2.0 throws a package-private {@code LlamaException} whose message for every load failure is
 * "could not load model from given file path"; the real reason is only in llama.cpp's log, so loads pass the log
 * text they captured. The phrases matched below were observed from llama.cpp b4916 on these inputs:
 * <ul>
 *   <li>unknown architecture: "error loading model architecture: unknown model architecture: 'frobnicator'"</li>
 *   <li>truncated file: "tensor 'blk.1.ffn_down.weight' data is not within the file bounds, model is corrupted or
 *       incomplete"</li>
 *   <li>not a GGUF: "invalid magic characters" (printed by ggml to stderr, so the header is checked in Java first)</li>
 *   <li>allocation: "failed to allocate ... buffer", "unable to allocate", {@code std::bad_alloc}</li>
 * </ul>
 */
public final class NativeFailures {

    private NativeFailures() {
    }

    /** Classifies a failure of a native call; {@code nativeLog} is what llama.cpp logged during the call, or "". */
    public static NativeException classify(Throwable failure, String what, String nativeLog) {
        if (failure instanceof NativeException already) {
            return already;
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        String evidence = (failure.getClass().getName() + " " + message + "\n" + nativeLog).toLowerCase(Locale.ROOT);
        NativeException.Kind kind = kindOf(failure, evidence);
        String detail = firstErrorLine(nativeLog);
        String text = what + ": " + message + (detail.isEmpty() || message.contains(detail) ? "" : " (" + detail + ")");
        return new NativeException(kind, text, failure);
    }

    private static NativeException.Kind kindOf(Throwable failure, String evidence) {
        if (failure instanceof UnsatisfiedLinkError || failure instanceof NoClassDefFoundError
                || failure instanceof ExceptionInInitializerError) {
            return NativeException.Kind.LIBRARY_LOAD_FAILED;
        }
        if (failure instanceof OutOfMemoryError || evidence.contains("failed to allocate")
                || evidence.contains("unable to allocate") || evidence.contains("bad_alloc")
                || evidence.contains("out of memory") || evidence.contains("failed to allocate memory")) {
            return NativeException.Kind.OUT_OF_MEMORY;
        }
        if (evidence.contains("unknown model architecture")) {
            return NativeException.Kind.UNSUPPORTED_ARCHITECTURE;
        }
        if (evidence.contains("failed to open gguf file") || evidence.contains("no such file")
                || evidence.contains("file doesn't exist") || evidence.contains("file_not_found")
                || evidence.contains("no_suchfile")) {
            return NativeException.Kind.MODEL_FILE_MISSING;
        }
        if (evidence.contains("could not load model") || evidence.contains("failed to load model")
                || evidence.contains("invalid magic") || evidence.contains("failed to read")
                || evidence.contains("not within the file bounds") || evidence.contains("corrupted")
                || evidence.contains("invalid_protobuf") || evidence.contains("protobuf parsing failed")
                || evidence.contains("invalid_graph") || evidence.contains("load model from")) {
            return NativeException.Kind.MODEL_FILE_CORRUPT;
        }
        if (failure instanceof IllegalArgumentException || evidence.contains("invalid_argument")
                || evidence.contains("invalid argument") || evidence.contains("invalid role")) {
            return NativeException.Kind.INVALID_ARGUMENT;
        }
        return NativeException.Kind.GENERATION_FAILED;
    }

    /** The most specific line of a llama.cpp log: its "error loading model:" line, else its first failure line. */
    static String firstErrorLine(String nativeLog) {
        String fallback = "";
        for (String line : nativeLog.split("\n")) {
            int at = line.indexOf("error loading model: ");
            if (at >= 0) {
                return line.substring(at + "error loading model: ".length()).strip();
            }
            if (fallback.isEmpty() && (line.contains("failed") || line.contains("error"))) {
                fallback = line.strip();
            }
        }
        return fallback;
    }
}
