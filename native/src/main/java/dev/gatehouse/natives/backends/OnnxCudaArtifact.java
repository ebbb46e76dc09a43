package dev.gatehouse.natives.backends;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Maven Central jar the {@code onnx-cuda} backend is cut from: {@code com.microsoft.onnxruntime:onnxruntime_gpu}.
 * The jar (445 MB for 1.23.2) carries Linux and Windows builds with the CUDA and TensorRT providers; the server ships
 * only the CPU build, so this backend takes the four Linux x86-64 libraries an install needs and leaves the rest.
 * Its Java classes are byte-identical to those of the {@code onnxruntime} jar on the classpath (compared for 1.23.2),
 * which is what lets the server's classes drive these libraries.
 *
 * @param version the onnxruntime_gpu version, which must equal the ONNX Runtime Java classes' version
 * @param sha256  the jar's SHA-256, lower-case hex: Maven Central publishes only a SHA-1 beside it, so the digest of
 *                the jar that was inspected is pinned here as well
 */
public record OnnxCudaArtifact(String version, String sha256) {

    // before PINNED, which the constructor checks against them
    private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+)*([-.][A-Za-z0-9]+)*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** The name of this backend on the command line and in the cache: {@code <root>/onnx-cuda-<version>}. */
    public static final String ID = "onnx-cuda";

    /** 1.23.2, the version of the onnxruntime jar the server is built with; digest measured on 2026-12-06. */
    public static final OnnxCudaArtifact PINNED = new OnnxCudaArtifact("1.23.2",
            "d71044dcb7e74ff7cf54b69d6a1a1db783410b9e38e36d089b9a7a0b2ac79413");

    /** Where the Linux x86-64 libraries lie inside the jar. */
    public static final String LIBRARY_DIR_IN_JAR = "ai/onnxruntime/native/linux-x64/";

    /**
     * What an install keeps: the runtime, its JNI binding, the provider bridge and the CUDA provider (369 MB alone).
     * The TensorRT provider is left out; it needs TensorRT 10, which Gatehouse does not use.
     */
    public static final List<String> LIBRARIES = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so",
            "libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so");

    /**
     * What {@code libonnxruntime_providers_cuda.so} of 1.23.2 lists as NEEDED beyond the C library ({@code readelf -d}):
     * CUDA 12 (not 13) and cuDNN 9. {@code libcuda.so.1}, the driver, is opened by cudart at run time.
     */
    public static final List<String> CUDA_LIBRARIES = List.of("libcudart.so.12", "libcublas.so.12",
            "libcublasLt.so.12", "libcurand.so.10", "libcufft.so.11", "libcudnn.so.9");

    public OnnxCudaArtifact {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version must look like 1.23.2, was '" + version + "'");
        }
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, was '" + sha256 + "'");
        }
    }

    /** The jar's path under a Maven repository root. */
    public String jarPath() {
        return "com/microsoft/onnxruntime/onnxruntime_gpu/" + version + "/onnxruntime_gpu-" + version + ".jar";
    }

    /** The cache directory's name: {@code onnx-cuda-<version>}. */
    public String directoryName() {
        return ID + "-" + version;
    }
}
