package dev.gatehouse.manifest;

import java.time.Duration;

/**
 * How the pool should hold a model, as the manifest says; every field is optional (null or false = the pool's and
 * planner's defaults).
 *
 * @param queue      most requests that may wait for a slot of this model, or null for the server's limit
 * @param keepAlive  how long the model stays loaded after its last request; {@link #FOREVER} never unloads it;
 *                   null for the server's default
 * @param pin        load at startup and never evict
 * @param device     where the model must run, or null to let the planner choose
 * @param gpuLayers  transformer blocks to offload, or null to let the planner choose
 * @param minContext smallest context per slot the planner may shrink to when memory is short, or null
 */
public record ServingHints(
        Integer queue, Duration keepAlive, boolean pin, DeviceHint device, Integer gpuLayers, Integer minContext) {

    /** {@code keepAlive: -1}: never unload. */
    public static final Duration FOREVER = Duration.ofSeconds(-1);

    public static final ServingHints NONE = new ServingHints(null, null, false, null, null, null);

    public boolean keptForever() {
        return keepAlive != null && keepAlive.isNegative();
    }
}
