package dev.gatehouse.inference;

import dev.gatehouse.manifest.ModelSpec;

/**
 * A consistent view of one model in the pool, taken under the pool's lock.
 *
 * @param spec          what the manifest declares
 * @param state         lifecycle state
 * @param contextLength context the model runs (or will run) with
 * @param slots         parallel requests it serves
 * @param inFlight      leases currently out
 * @param queued        requests waiting for a slot
 * @param workerPid     pid of the worker process, or -1 (not loaded, or in-process)
 * @param lastError     why the last load failed or the worker died, or null
 * @param loadMillis    how long the last load took, or -1
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
        long loadMillis) {}
