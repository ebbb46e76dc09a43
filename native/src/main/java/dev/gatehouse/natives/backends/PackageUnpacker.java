package dev.gatehouse.natives.backends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Copies the shared libraries in an npm package's {@code bins/<platform>/} (e.g. {@code bins/linux-x64-cuda/}) out of its {@code .tgz} into one flat
 * directory, names and symlinks kept (the libraries find each other through {@code RUNPATH $ORIGIN} and their
 * sonames). Every entry of the archive is checked, not only the copied ones: an archive with an entry that would
 * land outside the package directory is rejected whole.
 */
final class PackageUnpacker {

    private static final String BUILD_METADATA = "_nlcBuildMetadata.json";
    private static final Pattern SHARED_LIBRARY = Pattern.compile("[^/]+\\.so(\\.[0-9]+)*");

    /** What was copied, and the llama.cpp release named in the package's build metadata ("unknown" if none). */
    record Unpacked(List<String> libraries, String llamaCppRelease) {
    }

    private PackageUnpacker() {
    }

    /** Unpacks the libraries of {@code bins/<binsDirectory>/} in {@code tgz} into {@code libDir}. */
    static Unpacked unpack(Path tgz, String binsDirectory, Path libDir) throws BackendInstallException, IOException {
        String bins = "bins/" + binsDirectory + "/";
        Files.createDirectories(libDir);
        TreeSet<String> libraries = new TreeSet<>();
        String release = "unknown";
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz)), 1 << 16)) {
            TarReader tar = new TarReader(in);
            for (TarReader.Entry entry = tar.next(); entry != null; entry = tar.next()) {
                String path = insidePackage(entry);
                if (!path.startsWith(bins) || path.length() == bins.length()) {
                    continue;
                }
                String file = path.substring(bins.length());
                if (file.equals(BUILD_METADATA) && entry.isFile()) {
                    release = llamaCppRelease(tar.content().readAllBytes());
                } else if (SHARED_LIBRARY.matcher(file).matches()) {
                    copy(entry, file, bins, tar, libDir);
                    libraries.add(file);
                }
            }
        }
        List<String> missing = InstalledBackend.missingCoreLibraries(List.copyOf(libraries));
        if (!missing.isEmpty()) {
            throw new BackendInstallException("the package has no " + String.join(", ", missing) + " under " + bins
                    + " (found " + (libraries.isEmpty() ? "no shared libraries" : String.join(", ", libraries))
                    + "); it is not a llama.cpp build this installer knows");
        }
        return new Unpacked(List.copyOf(libraries), release);
    }

    /**
     * The entry's path below the archive's top directory (npm calls it {@code package/}, and strips it the same way).
     * Absolute paths and {@code ..} that climb out of the top directory are refused.
     */
    private static String insidePackage(TarReader.Entry entry) throws BackendInstallException {
        String name = entry.name();
        Path normal = Path.of("/top").resolve(name).normalize();
        if (name.startsWith("/") || !normal.startsWith("/top") || Path.of("/top").equals(normal)) {
            throw new BackendInstallException("refusing the package: tar entry '" + name
                    + "' escapes the package directory");
        }
        Path relative = Path.of("/top").relativize(normal);
        return relative.getNameCount() < 2 ? "" : relative.subpath(1, relative.getNameCount()).toString()
                + (entry.type() == '5' ? "/" : "");
    }

    private static void copy(TarReader.Entry entry, String file, String bins, TarReader tar, Path libDir)
            throws BackendInstallException, IOException {
        Path target = libDir.resolve(file);
        Files.deleteIfExists(target);
        if (entry.isSymlink()) {
            // A link may only name a sibling: the copied directory is all the loader will see.
            String link = entry.linkName();
            if (link.isEmpty() || link.contains("/") || link.equals("..") || link.equals(".")) {
                throw new BackendInstallException("refusing the package: symlink '" + entry.name() + "' -> '" + link
                        + "' points outside " + bins);
            }
            Files.createSymbolicLink(target, Path.of(link));
        } else if (entry.isFile()) {
            try (InputStream content = tar.content()) {
                Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } else {
            throw new BackendInstallException("refusing the package: '" + entry.name() + "' has tar type '"
                    + entry.type() + "'; only files and symlinks are expected among the libraries");
        }
    }

    private static String llamaCppRelease(byte[] metadata) {
        try {
            JsonNode release = new ObjectMapper().readTree(metadata).path("buildOptions").path("llamaCpp")
                    .path("release");
            return release.isTextual() && !release.asText().isBlank() ? release.asText() : "unknown";
        } catch (IOException e) {
            // The metadata is informative only; a package whose libraries are fine stays installable without it.
            return "unknown";
        }
    }
}
