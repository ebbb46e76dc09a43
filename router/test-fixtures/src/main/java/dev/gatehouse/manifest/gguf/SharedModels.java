package dev.gatehouse.manifest.gguf;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real tiny models in ../shared/models, when this checkout has them; tests skip loudly otherwise. */
public final class SharedModels {
    private SharedModels() {
    }

    public static Path require(String fileName) {
        String dir = System.getProperty("gatehouse.shared.models", "");
        Path file = dir.isBlank() ? null : Path.of(dir, fileName);
        boolean present = file != null && Files.isRegularFile(file);
        if (!present) {
            System.err.println("SKIPPED: shared model " + fileName + " not found (system property "
                    + "gatehouse.shared.models='" + dir + "'); the hermetic random-model tests still cover this");
        }
        assumeTrue(present, "shared model " + fileName + " is absent (gatehouse.shared.models='" + dir
                + "'): test SKIPPED");
        return file;
    }
}
