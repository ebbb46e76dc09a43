package dev.gatehouse.manifest.memory;

/**
 * Memory a model may take: free VRAM on the device it goes to, and free host RAM, both after any reserve the
 * caller keeps back. The planner builds one per candidate placement.
 *
 * @param gpuBytes  VRAM available (0 when placing on CPU only)
 * @param hostBytes RAM available
 */
public record MemoryBudget(long gpuBytes, long hostBytes) {
    public MemoryBudget {
        if (gpuBytes < 0 || hostBytes < 0) {
            throw new IllegalArgumentException("budgets must be >= 0, were " + gpuBytes + ", " + hostBytes);
        }
    }

    public static MemoryBudget hostOnly(long hostBytes) {
        return new MemoryBudget(0, hostBytes);
    }

    public boolean fits(MemoryEstimate estimate) {
        return estimate.gpuBytes() <= gpuBytes && estimate.hostBytes() <= hostBytes;
    }
}
