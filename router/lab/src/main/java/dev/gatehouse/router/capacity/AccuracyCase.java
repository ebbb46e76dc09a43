package dev.gatehouse.router.capacity;

import dev.gatehouse.manifest.memory.MemoryEstimate;
import java.nio.file.Path;

/**
 * One model loaded one way, and what came of it.
 *
 * @param label    how the report names the model
 * @param file     the GGUF
 * @param context  tokens per slot
 * @param slots    parallel sequences
 */
record AccuracyCase(String label, Path file, int context, int slots) {

    /**
     * @param predicted     the estimator's figures
     * @param loadedRss     worker RSS right after the load
     * @param measuredRss   worker RSS after every slot ran a prompt filling its context
     * @param promptTokens  prompt tokens each slot processed
     */
    record Result(AccuracyCase of, MemoryEstimate predicted, long loadedRss, long measuredRss, int promptTokens) {
        double errorPercent() {
            return 100.0 * (predicted.hostBytes() - measuredRss) / measuredRss;
        }

        /** The target: within 5% or 64 MiB of the measurement, whichever is larger. */
        boolean withinTarget() {
            long tolerance = Math.max(measuredRss / 20, 64L << 20);
            return Math.abs(predicted.hostBytes() - measuredRss) <= tolerance;
        }
    }
}
