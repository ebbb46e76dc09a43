package dev.gatehouse.router.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docs/BENCHMARKS.md is shared by every benchmark command: each owns one section between {@code <!-- bench:NAME -->}
 * and {@code <!-- /bench:NAME -->} and rewrites only that, so running one benchmark never erases another's figures.
 */
public final class BenchmarksFile {
    private BenchmarksFile() {}

    /** Replaces the named section, or appends it when the file does not have it yet. */
    public static void writeSection(Path file, String name, String markdown) throws IOException {
        String begin = "<!-- bench:" + name + " -->";
        String end = "<!-- /bench:" + name + " -->";
        String section = begin + "\n" + markdown + (markdown.endsWith("\n") ? "" : "\n") + end;
        String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Gatehouse benchmarks\n\n";
        int b = existing.indexOf(begin);
        int e = existing.indexOf(end);
        String updated = b >= 0 && e > b
                ? existing.substring(0, b) + section + existing.substring(e + end.length())
                : existing + (existing.endsWith("\n") ? "\n" : "\n\n") + section + "\n";
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }
}
