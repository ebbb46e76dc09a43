package dev.gatehouse.natives.backends;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this machine can run, judged from files alone (nothing is loaded): the installable builds are for Linux
 * x86-64; CPU needs nothing more; CUDA needs an NVIDIA driver with its {@code libcuda.so.1} and the CUDA 13 runtime
 * ({@code libcudart.so.13}, {@code libcublas.so.13}), all three linked by {@code libggml-cuda.so}; Vulkan needs the loader
 * ({@code libvulkan.so.1}) and at least one installable client driver (an ICD manifest). All inputs are explicit,
 * so a test can describe a machine with a temp directory.
 */
public final class BackendSupport {

    private static final List<String> ICD_DIRS = List.of("usr/share/vulkan/icd.d", "etc/vulkan/icd.d");

    private final Path systemRoot;
    private final String osName;
    private final String osArch;
    private final LibraryLocator libraries;

    /**
     * @param systemRoot    where {@code /proc}, {@code /usr} and {@code /etc} are looked up ("/" on a real machine)
     * @param env           the environment; only {@code LD_LIBRARY_PATH} is read
     * @param ldconfigCache the output of {@code ldconfig -p} ("" when unavailable)
     * @param osName        {@code os.name}
     * @param osArch        {@code os.arch}
     */
    public BackendSupport(Path systemRoot, Map<String, String> env, String ldconfigCache, String osName, String osArch) {
        this.systemRoot = systemRoot;
        this.osName = osName;
        this.osArch = osArch;
        this.libraries = new LibraryLocator(systemRoot, env, ldconfigCache);
    }

    /** This machine, as seen from this process. */
    public static BackendSupport probe(Map<String, String> env) {
        return new BackendSupport(Path.of("/"), env, ldconfigCache(), System.getProperty("os.name"),
                System.getProperty("os.arch"));
    }

    /** Every backend, in {@link BackendKind} order. */
    public List<BackendAvailability> all() {
        return Arrays.stream(BackendKind.values()).map(this::check).toList();
    }

    public BackendAvailability check(BackendKind kind) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux") || !(osArch.equals("amd64") || osArch.equals("x86_64"))) {
            return new BackendAvailability(kind, false, "the prebuilt llama.cpp builds are for Linux x86-64, this is "
                    + osName + " " + osArch);
        }
        return switch (kind) {
            case CPU -> new BackendAvailability(kind, true, "runs on any x86-64 CPU; the best variant is picked at load");
            case CUDA -> cuda();
            case VULKAN -> vulkan();
        };
    }

    private BackendAvailability cuda() {
        List<String> missing = new ArrayList<>();
        Optional<String> driver = nvidiaDriver();
        Optional<Path> libcuda = libraries.find("libcuda.so.1");
        if (driver.isEmpty()) {
            missing.add("no NVIDIA driver found (no /proc/driver/nvidia/version, and neither libnvidia-ml.so.1 nor "
                    + "libcuda.so.1 in " + LibraryLocator.SEARCHED + ")");
        } else if (libcuda.isEmpty()) {
            missing.add("the " + driver.get() + " is there but its libcuda.so.1, which libggml-cuda.so links against, "
                    + "is not in " + LibraryLocator.SEARCHED + " (in a container, the NVIDIA container toolkit mounts it)");
        }
        Optional<Path> cudart = libraries.find("libcudart.so.13");
        Optional<Path> cublas = libraries.find("libcublas.so.13");
        List<String> absent = new ArrayList<>();
        cudart.ifPresentOrElse(p -> { }, () -> absent.add("libcudart.so.13"));
        cublas.ifPresentOrElse(p -> { }, () -> absent.add("libcublas.so.13"));
        if (!absent.isEmpty()) {
            missing.add("the CUDA 13 runtime is missing: " + String.join(" and ", absent) + " not found in "
                    + LibraryLocator.SEARCHED + "; install NVIDIA's CUDA 13 runtime libraries (cudart and cuBLAS) or "
                    + "add their directory to LD_LIBRARY_PATH");
        }
        if (!missing.isEmpty()) {
            return new BackendAvailability(BackendKind.CUDA, false, String.join("; ", missing));
        }
        return new BackendAvailability(BackendKind.CUDA, true, driver.get() + ", CUDA 13 runtime in "
                + cudart.get().getParent());
    }

    /** The driver as the kernel module reports it, else as its user-space libraries show it. */
    private Optional<String> nvidiaDriver() {
        Path version = systemRoot.resolve("proc/driver/nvidia/version");
        if (Files.isReadable(version)) {
            try {
                String first = Files.readAllLines(version, StandardCharsets.UTF_8).stream().findFirst().orElse("");
                Matcher m = Pattern.compile("\\b(\\d+\\.\\d+(\\.\\d+)?)\\b").matcher(first);
                return Optional.of(m.find() ? "NVIDIA driver " + m.group(1) : "NVIDIA driver");
            } catch (IOException e) {
                return Optional.of("NVIDIA driver");
            }
        }
        return libraries.find("libnvidia-ml.so.1").or(() -> libraries.find("libcuda.so.1"))
                .map(p -> "NVIDIA driver (" + p.getFileName() + ")");
    }

    private BackendAvailability vulkan() {
        List<String> missing = new ArrayList<>();
        Optional<Path> loader = libraries.find("libvulkan.so.1");
        if (loader.isEmpty()) {
            missing.add("the Vulkan loader libvulkan.so.1 is not in " + LibraryLocator.SEARCHED
                    + " (Debian and Ubuntu: apt-get install libvulkan1)");
        }
        List<Path> icds = icdManifests();
        if (icds.isEmpty()) {
            missing.add("no Vulkan driver: no ICD manifest (*.json) in /usr/share/vulkan/icd.d or /etc/vulkan/icd.d "
                    + "(the NVIDIA driver or Mesa's mesa-vulkan-drivers installs one)");
        }
        if (!missing.isEmpty()) {
            return new BackendAvailability(BackendKind.VULKAN, false, String.join("; ", missing));
        }
        return new BackendAvailability(BackendKind.VULKAN, true, "Vulkan loader " + loader.get() + ", drivers: "
                + String.join(", ", icds.stream().map(p -> p.getFileName().toString()).toList()));
    }

    private List<Path> icdManifests() {
        List<Path> found = new ArrayList<>();
        for (String dir : ICD_DIRS) {
            Path icdDir = systemRoot.resolve(dir);
            if (!Files.isDirectory(icdDir)) {
                continue;
            }
            try (DirectoryStream<Path> jsons = Files.newDirectoryStream(icdDir, "*.json")) {
                jsons.forEach(found::add);
            } catch (IOException e) {
                // unreadable: counts as no driver there, and the message names the directory
            }
        }
        found.sort(null);
        return found;
    }

    /** {@code ldconfig -p}, or "" when it is absent or slow; it lives in /sbin, which a user's PATH may lack. */
    static String ldconfigCache() {
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            if (!Files.isExecutable(Path.of(ldconfig))) {
                continue;
            }
            try {
                Path listing = Files.createTempFile("gatehouse-ldconfig", ".txt");
                try {
                    Process process = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true)
                            .redirectOutput(listing.toFile()).start();
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        return "";
                    }
                    return new String(Files.readAllBytes(listing), StandardCharsets.UTF_8);
                } finally {
                    Files.deleteIfExists(listing);
                }
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
        return "";
    }
}
