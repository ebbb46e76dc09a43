package dev.gatehouse.router.eval;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The labelled prompts a category evaluation reads: {@code --data} files and {@code --map} renames. */
final class CategoryDataOptions {
    @Option(names = "--data", required = true, description = "JSON lines {prompt, category[, source]}; repeat for several sources.")
    List<Path> data;

    @Option(names = "--map", description = "Rename a label of the data to a category of the classifier, e.g. creative_writing=creative.")
    Map<String, String> rename = new LinkedHashMap<>();

    List<Path> files() {
        return data;
    }

    /** The data set, or null after telling {@code err} which file is missing or which line is bad. */
    CategoryDataset read(PrintWriter err, String command) throws IOException {
        for (Path file : data) {
            if (!Files.isRegularFile(file)) {
                err.println(command + ": --data: no such file: " + file);
                return null;
            }
        }
        try {
            return CategoryDataset.read(data, rename);
        } catch (IllegalArgumentException e) {
            err.println(command + ": " + e.getMessage());
            return null;
        }
    }
}
