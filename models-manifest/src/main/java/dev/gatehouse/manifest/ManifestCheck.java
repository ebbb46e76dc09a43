package dev.gatehouse.manifest;

import dev.gatehouse.manifest.gguf.GgufFormatException;
import dev.gatehouse.manifest.gguf.GgufFormatException.Problem;
import dev.gatehouse.manifest.gguf.GgufInfo;
import dev.gatehouse.manifest.gguf.GgufReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks a manifest against the model files on disk: that each file is there and readable, and whether its GGUF
 * header agrees with what the manifest asks of it. Reads headers only, so it is fast even for large models.
 */
public final class ManifestCheck {
    /** Architectures the bundled llama.cpp (b4916, via java-llama.cpp 4.2.0) can run. */
    public static final List<String> SUPPORTED_ARCHITECTURES = List.of("llama", "qwen2", "gemma", "gemma2",
            "gemma3", "phi2", "phi3", "gpt2", "granite", "olmo2", "deepseek2", "rwkv6", "rwkv7", "t5", "bert");

    private ManifestCheck() {
    }

    public static ManifestReport check(Manifest manifest, Path modelsDir) {
        List<ModelFileReport> reports = new ArrayList<>();
        List<Violation> errors = new ArrayList<>();
        List<Violation> warnings = new ArrayList<>();
        for (int i = 0; i < manifest.models().size(); i++) {
            reports.add(checkModel(manifest.models().get(i), "models[" + i + "]", modelsDir, errors, warnings));
        }
        return new ManifestReport(reports, errors, warnings);
    }

    /**
     * Compares each file with its declared {@code sha256}; returns one error per mismatch or unreadable file. Slow
     * for large models (it reads every byte), so only run on request.
     */
    public static List<Violation> verifyChecksums(Manifest manifest, Path modelsDir) {
        List<Violation> errors = new ArrayList<>();
        for (int i = 0; i < manifest.models().size(); i++) {
            ModelSpec spec = manifest.models().get(i);
            if (spec.sha256() == null || spec.builtin() != null) {
                continue; // a builtin's copy is checked against the jar's checksum whenever it is extracted
            }
            Path path = ModelFiles.resolve(spec, modelsDir);
            String key = "models[" + i + "].sha256";
            try {
                String actual = sha256(path);
                if (!actual.equals(spec.sha256())) {
                    errors.add(new Violation(key, "expected " + spec.sha256() + " but " + path + " has " + actual));
                }
            } catch (IOException e) {
                errors.add(new Violation(key, "cannot read " + path + " to verify it: " + e.getMessage()));
            }
        }
        return errors;
    }

    private static ModelFileReport checkModel(ModelSpec spec, String key, Path modelsDir, List<Violation> errors,
            List<Violation> warnings) {
        Path path;
        try {
            path = ModelFiles.resolve(spec, modelsDir);
        } catch (UncheckedIOException e) {
            errors.add(new Violation(key + ".builtin", e.getMessage()));
            return new ModelFileReport(spec, null, false, 0, null);
        }
        if (path == null) {
            return new ModelFileReport(spec, null, true, 0, null);
        }
        if (!Files.isRegularFile(path)) {
            errors.add(new Violation(key + ".file", "model file not found: " + path));
            return new ModelFileReport(spec, path, false, 0, null);
        }
        long size = size(path);
        if (spec.format() != ModelFormat.GGUF) {
            return new ModelFileReport(spec, path, true, size, null);
        }
        GgufInfo gguf;
        try {
            gguf = GgufReader.read(path);
        } catch (GgufFormatException e) {
            String message = e.problem() == Problem.NOT_GGUF
                    ? "format is gguf but " + path + " is not a GGUF file"
                    : "cannot be loaded: " + e.getMessage();
            errors.add(new Violation(key + ".file", message));
            return new ModelFileReport(spec, path, true, size, null);
        }
        warnAboutGguf(spec, key, path, gguf, warnings);
        return new ModelFileReport(spec, path, true, size, gguf);
    }

    private static void warnAboutGguf(ModelSpec spec, String key, Path path, GgufInfo gguf,
            List<Violation> warnings) {
        if (spec.context() != null && gguf.contextLength() > 0 && spec.context() > gguf.contextLength()) {
            warnings.add(new Violation(key + ".context", spec.context() + " exceeds the " + gguf.contextLength()
                    + " tokens the model was trained with (" + path + ")"));
        }
        if (!SUPPORTED_ARCHITECTURES.contains(gguf.architecture())) {
            warnings.add(new Violation(key + ".file", "architecture '" + gguf.architecture() + "' is not known to "
                    + "run on the bundled llama.cpp, expected one of " + SUPPORTED_ARCHITECTURES + " (" + path + ")"));
        }
        if (spec.serves(TaskKind.CHAT) && spec.chatTemplate() == null && gguf.chatTemplate().isEmpty()) {
            warnings.add(new Violation(key + ".chatTemplate", "no chat template in the model's metadata and no "
                    + "chatTemplate set; ChatML fallback will be used (" + path + ")"));
        }
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String sha256(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
