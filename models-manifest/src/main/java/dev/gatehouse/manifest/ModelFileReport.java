package dev.gatehouse.manifest;

import dev.gatehouse.manifest.gguf.GgufInfo;
import java.nio.file.Path;

/**
 * What was found on disk for one manifest entry.
 *
 * @param spec      the entry
 * @param path      the resolved file, or null for a builtin model
 * @param present   whether the file exists (builtins are always present: they ship in the jar)
 * @param sizeBytes file size, 0 when absent or builtin
 * @param gguf      the GGUF header when the file is a readable GGUF, else null
 */
public record ModelFileReport(ModelSpec spec, Path path, boolean present, long sizeBytes, GgufInfo gguf) {
}
