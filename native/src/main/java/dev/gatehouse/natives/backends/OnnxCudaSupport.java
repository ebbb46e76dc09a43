package dev.gatehouse.natives.backends;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ONNX Runtime's CUDA provider needs from this machine, judged from files alone (nothing is loaded): Linux
 * x86-64, an NVIDIA driver new enough for CUDA 12 with its {@code libcuda.so.1}, and the CUDA 12 and cuDNN 9
 * libraries {@code libonnxruntime_providers_cuda.so} links against ({@link OnnxCudaArtifact#CUDA_LIBRARIES}).
 * This differs from the llama.cpp CUDA backend, which is built for CUDA 13: a machine can have one and not the other.
 * All inputs are explicit, so a test can describe a machine with a temp directory.
 */
public final class OnnxCudaSupport {

    /** CUDA 12.x runs on drivers from 525.60.13 on (NVIDIA's minor-version compatibility); older ones cannot. */
    static final int OLDEST_DRIVER_MAJOR = 525;
    private static final Pattern DRIVER_VERSION = Pattern.compile("\\b(\\d{3,})\\.(\\d+)(\\.\\d+)?\\b");

    private final Path systemRoot;
    private final String osName;
    private final String osArch;
    private final LibraryLocator libraries;

    /** The same inputs as {@link BackendSupport#BackendSupport(Path, Map, String, String, String)}. */
    public OnnxCudaSupport(Path systemRoot, Map<String, String> env, String ldconfigCache, String osName,
            String osArch) {
        this.systemRoot = systemRoot;
        this.osName = osName;
        this.osArch = osArch;
        this.libraries = new LibraryLocator(systemRoot, env, ldconfigCache);
    }

    /** This machine, as seen from this process. */
    public static OnnxCudaSupport probe(Map<String, String> env) {
        return new OnnxCudaSupport(Path.of("/"), env, BackendSupport.ldconfigCache(), System.getProperty("os.name"),
                System.getProperty("os.arch"));
    }

    public OnnxCudaReadiness check() {
        Optional<String> driver = driver();
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux") || !(osArch.equals("amd64") || osArch.equals("x86_64"))) {
            return new OnnxCudaReadiness(driver.isPresent(), false, "the onnx-cuda libraries are for Linux x86-64, "
                    + "this is " + osName + " " + osArch);
        }
        if (driver.isEmpty()) {
            return new OnnxCudaReadiness(false, false, "no NVIDIA driver found (no /proc/driver/nvidia/version, and "
                    + "neither libnvidia-ml.so.1 nor libcuda.so.1 in " + LibraryLocator.SEARCHED + ")");
        }
        List<String> missing = new ArrayList<>();
        tooOldForCuda12(driver.get()).ifPresent(missing::add);
        if (libraries.find("libcuda.so.1").isEmpty()) {
            missing.add("the driver's libcuda.so.1 is not in " + LibraryLocator.SEARCHED
                    + " (in a container, the NVIDIA container toolkit mounts it)");
        }
        Map<String, Path> found = new LinkedHashMap<>();
        List<String> absent = new ArrayList<>();
        for (String library : OnnxCudaArtifact.CUDA_LIBRARIES) {
            libraries.find(library).ifPresentOrElse(p -> found.put(library, p), () -> absent.add(library));
        }
        if (!absent.isEmpty()) {
            missing.add(String.join(", ", absent) + " not found in " + LibraryLocator.SEARCHED + "; ONNX Runtime "
                    + OnnxCudaArtifact.PINNED.version() + "'s CUDA provider needs the CUDA 12 runtime, cuBLAS, cuRAND "
                    + "and cuFFT of CUDA 12 and cuDNN 9 for CUDA 12 (CUDA 13 libraries do not serve): install them, or "
                    + "add their directory to LD_LIBRARY_PATH");
        }
        if (!missing.isEmpty()) {
            return new OnnxCudaReadiness(true, false, driver.get() + " found, but " + String.join("; ", missing));
        }
        return new OnnxCudaReadiness(true, true, driver.get() + ", CUDA 12 runtime in "
                + found.get("libcudart.so.12").getParent() + ", cuDNN 9 in " + found.get("libcudnn.so.9").getParent());
    }

    /** "NVIDIA driver 580.95.05" from the kernel module, else "NVIDIA driver (libcuda.so.1)" from its libraries. */
    private Optional<String> driver() {
        Path version = systemRoot.resolve("proc/driver/nvidia/version");
        if (Files.isReadable(version)) {
            try {
                String first = Files.readAllLines(version, StandardCharsets.UTF_8).stream().findFirst().orElse("");
                Matcher m = DRIVER_VERSION.matcher(first);
                return Optional.of(m.find() ? "NVIDIA driver " + m.group() : "NVIDIA driver");
            } catch (IOException e) {
                return Optional.of("NVIDIA driver");
            }
        }
        return libraries.find("libnvidia-ml.so.1").or(() -> libraries.find("libcuda.so.1"))
                .map(p -> "NVIDIA driver (" + p.getFileName() + ")");
    }

    private static Optional<String> tooOldForCuda12(String driver) {
        Matcher m = DRIVER_VERSION.matcher(driver);
        if (m.find() && Integer.parseInt(m.group(1)) < OLDEST_DRIVER_MAJOR) {
            return Optional.of("driver " + m.group() + " is older than 525.60.13, the oldest that runs CUDA 12");
        }
        return Optional.empty();
    }
}
