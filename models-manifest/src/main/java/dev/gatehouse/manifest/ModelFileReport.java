package dev.gatehouse.manifest;

import dev.gatehouse.manifest.gguf.GgufInfo;
import java.nio.file.Path;

/**
 * What was found on disk for one manifest entry.
 *
 * @param spec      the entry
 * @param path      the resolved file (for a GGUF builtin its extracted copy), or null for an ONNX builtin
 * @param present   whether the file exists (builtins are present unless their copy could not be written)
 * @param sizeBytes file size, 0 when absent or builtin
 * @param gguf      the GGUF header when the file is a readable GGUF, else null
 */
public record ModelFileReport(ModelSpec spec, Path path, boolean present, long sizeBytes, GgufInfo gguf) {
}
