package dev.gatehouse.inference.placement;

import dev.gatehouse.manifest.KvCacheType;

/**
 * The planner's rules that do not come from the manifest.
 *
 * @param gpuReserveBytes  VRAM kept free on every GPU (drivers, other processes, fragmentation)
 * @param hostReserveBytes RAM kept free for the server itself and the operating system
 * @param defaultSlots     parallel slots when the manifest does not fix them (the planner may go down to 1)
 * @param contextCeiling   largest context per slot given when the manifest does not fix it (also capped at the
 *                         trained context)
 * @param minContext       smallest context the planner shrinks to when memory is short (the manifest's
 *                         {@code minContext} overrides it)
 * @param kvType           element type of the KV cache
 */
public record PlacementPolicy(long gpuReserveBytes, long hostReserveBytes, int defaultSlots, int contextCeiling,
                              int minContext, KvCacheType kvType) {

    public static final long DEFAULT_GPU_RESERVE = 512 * ByteSize.MIB;
    public static final long DEFAULT_HOST_RESERVE = ByteSize.GIB;
    public static final int DEFAULT_MIN_CONTEXT = 512;

    public PlacementPolicy {
        if (gpuReserveBytes < 0) throw new IllegalArgumentException("gpuReserveBytes < 0: " + gpuReserveBytes);
        if (hostReserveBytes < 0) throw new IllegalArgumentException("hostReserveBytes < 0: " + hostReserveBytes);
        if (defaultSlots < 1) throw new IllegalArgumentException("defaultSlots < 1: " + defaultSlots);
        if (minContext < 16) throw new IllegalArgumentException("minContext < 16: " + minContext);
        if (contextCeiling < minContext) {
            throw new IllegalArgumentException("contextCeiling " + contextCeiling + " < minContext " + minContext);
        }
    }

    public static PlacementPolicy defaults(int defaultSlots, int contextCeiling) {
        return new PlacementPolicy(DEFAULT_GPU_RESERVE, DEFAULT_HOST_RESERVE, defaultSlots, contextCeiling,
                Math.min(DEFAULT_MIN_CONTEXT, contextCeiling), KvCacheType.F16);
    }

    public PlacementPolicy withGpuReserve(long bytes) {
        return new PlacementPolicy(bytes, hostReserveBytes, defaultSlots, contextCeiling, minContext, kvType);
    }
}
