package dev.gatehouse.natives.onnx;

import dev.gatehouse.natives.NativeException;
import dev.gatehouse.natives.backends.BackendCache;
import dev.gatehouse.natives.backends.OnnxCudaArtifact;
import dev.gatehouse.natives.backends.OnnxCudaInstall;
import dev.gatehouse.natives.backends.OnnxCudaReadiness;
import dev.gatehouse.natives.backends.OnnxCudaSupport;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Decides, before ONNX Runtime loads, which of its native builds to load and whether embedding sessions should ask
 * for CUDA. The CUDA build comes only from an installed onnx-cuda backend (the server jar carries the CPU build), and
 * is used only when this machine has what its CUDA provider links against; otherwise the CPU build in the jar loads
 * and the placement says why. {@link #choose} is pure; {@link #plan(Map, String)} gathers its inputs.
 */
public final class OnnxBackendSelector {

    /** Environment variable: {@code auto} (default) uses CUDA when it can, {@code cpu} never tries. */
    public static final String MODE_ENV = "GATEHOUSE_ONNX_BACKEND";
    /** ONNX Runtime's system property naming the directory it loads all its native libraries from. */
    public static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";

    /**
     * @param nativeLibraryDir the directory to set {@value #NATIVE_PATH_PROPERTY} to before ONNX Runtime loads; null
     *                         leaves the property as it is (unset: the CPU build inside the onnxruntime jar loads)
     * @param placement        where sessions should run, if the loaded build turns out to have that provider
     */
    public record Plan(Path nativeLibraryDir, OnnxPlacement placement) {
    }

    private OnnxBackendSelector() {
    }

    /**
     * @param mode            the value of {@value #MODE_ENV}: null, blank or "auto", or "cpu"
     * @param userNativePath  {@value #NATIVE_PATH_PROPERTY} as the user set it, or null: then their build loads, and
     *                        CUDA is tried when the machine supports it and their build has the provider
     * @param install         the onnx-cuda install, if there is one
     * @param readiness       what this machine offers the CUDA provider; asked only when it matters
     * @throws NativeException (INVALID_ARGUMENT) when {@code mode} is neither auto nor cpu
     */
    public static Plan choose(String mode, String userNativePath, Optional<OnnxCudaInstall> install,
            Supplier<OnnxCudaReadiness> readiness) {
        if (cpuOnly(mode)) {
            return new Plan(null, OnnxPlacement.cpu(MODE_ENV + "=cpu"));
        }
        OnnxCudaReadiness machine = readiness.get();
        if (userNativePath != null && !userNativePath.isBlank()) {
            String from = "ONNX Runtime from " + NATIVE_PATH_PROPERTY + "=" + userNativePath + " (set by the user)";
            return new Plan(null, machine.usable() ? OnnxPlacement.cuda(from + "; " + machine.detail())
                    : OnnxPlacement.cpu(from + "; no CUDA: " + machine.detail()));
        }
        if (install.isEmpty()) {
            return new Plan(null, OnnxPlacement.cpu(machine.gpuDriver()
                    ? "an NVIDIA GPU is present but the " + OnnxCudaArtifact.ID + " backend is not installed (gatehouse "
                            + "backends install " + OnnxCudaArtifact.ID + ")" + (machine.usable() ? "" : "; and "
                            + machine.detail())
                    : "no GPU: " + machine.detail()));
        }
        OnnxCudaInstall cuda = install.get();
        String installed = OnnxCudaArtifact.ID + " " + cuda.version() + " in " + cuda.libDir();
        if (!machine.usable()) {
            return new Plan(null, OnnxPlacement.cpu(installed + " is installed but unused: " + machine.detail()));
        }
        return new Plan(cuda.libDir(), OnnxPlacement.cuda(installed + "; " + machine.detail()));
    }

    /**
     * The placement once ONNX Runtime has loaded: CUDA only if the loaded build lists the CUDA provider (a
     * {@value #NATIVE_PATH_PROPERTY} pointing at a CPU build does not), else the CPU with that said.
     *
     * @param providers the names of {@code OrtEnvironment.getAvailableProviders()}, e.g. CPU, CUDA
     */
    public static OnnxPlacement confirm(OnnxPlacement planned, Set<String> providers) {
        if (!planned.cuda() || providers.contains("CUDA")) {
            return planned;
        }
        return OnnxPlacement.cpu("the loaded ONNX Runtime has no CUDA provider (it lists " + providers.stream().sorted()
                .toList() + "): " + planned.reason());
    }

    /** {@link #choose} for this process: the cache and machine described by {@code env}; probes only when asked. */
    public static Plan plan(Map<String, String> env, String userNativePath) {
        return choose(env.get(MODE_ENV), userNativePath, OnnxCudaInstall.find(BackendCache.forEnvironment(env)),
                () -> OnnxCudaSupport.probe(env).check());
    }

    private static boolean cpuOnly(String mode) {
        String value = mode == null ? "" : mode.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "auto" -> false;
            case "cpu" -> true;
            default -> throw new NativeException(NativeException.Kind.INVALID_ARGUMENT, MODE_ENV
                    + " must be auto or cpu, was '" + mode + "'");
        };
    }
}
