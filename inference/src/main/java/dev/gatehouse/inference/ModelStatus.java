package dev.gatehouse.inference;

import dev.gatehouse.inference.placement.Placement;
import dev.gatehouse.manifest.ModelSpec;
import java.time.Instant;

/**
 * A consistent view of one model in the pool, taken under the pool's lock.
 *
 * @param spec           what the manifest declares
 * @param state          lifecycle state
 * @param contextLength  context the model runs (or will run) with
 * @param slots          parallel requests it serves
 * @param inFlight       leases currently out
 * @param queued         requests waiting for a slot
 * @param workerPid      pid of the worker process, or -1 (not loaded, or in-process)
 * @param lastError      why the last load failed or the worker died, or null
 * @param loadMillis     how long the last load took, or -1
 * @param placement      where the planner put it at its last load (device, layers, reasons), or null
 * @param predictedBytes predicted memory (GPU plus host) of that placement, or -1
 * @param measuredBytes  resident memory of its worker measured after the load, or -1 (in process, not loaded)
 * @param lastUsed       when a lease was last taken or returned, or null
 * @param keepAliveUntil when keep-alive unloads it if it stays idle, or null (busy, pinned, kept forever, not loaded)
 * @param queueLimit     most requests that may wait for a slot
 * @param runtime        the engine, backend and library running it, or null when it is not loaded
 * @param loadFailures   loads of this model that failed since the pool started
 * @param workerCrashes  times its worker process died while loaded since the pool started
 */
public record ModelStatus(
        ModelSpec spec,
        ModelState state,
        int contextLength,
        int slots,
        int inFlight,
        int queued,
        long workerPid,
        String lastError,
        long loadMillis,
        Placement placement,
        long predictedBytes,
        long measuredBytes,
        Instant lastUsed,
        Instant keepAliveUntil,
        int queueLimit,
        ModelRuntime runtime,
        long loadFailures,
        long workerCrashes) {

    /** A status without failure counts (none so far). */
    public ModelStatus(ModelSpec spec, ModelState state, int contextLength, int slots, int inFlight, int queued,
            long workerPid, String lastError, long loadMillis, Placement placement, long predictedBytes,
            long measuredBytes, Instant lastUsed, Instant keepAliveUntil, int queueLimit, ModelRuntime runtime) {
        this(spec, state, contextLength, slots, inFlight, queued, workerPid, lastError, loadMillis, placement,
                predictedBytes, measuredBytes, lastUsed, keepAliveUntil, queueLimit, runtime, 0, 0);
    }
}
