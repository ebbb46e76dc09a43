package dev.gatehouse.hardware;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Samples another probe on a daemon thread every {@code interval}, and on demand with {@link #refresh()}.
 * {@link #snapshot()} is a volatile read of the last sample: no OSHI or NVML call ever runs on a request path.
 * A sample that fails leaves the previous one in place (and is logged); the next interval tries again.
 */
public final class SampledHardwareProbe implements HardwareProbe, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SampledHardwareProbe.class.getName());

    private final HardwareProbe source;
    private final ScheduledExecutorService sampler;
    private volatile HardwareSnapshot latest;
    private volatile boolean closed;

    private SampledHardwareProbe(HardwareProbe source, HardwareSnapshot first) {
        this.source = source;
        this.latest = first;
        this.sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "gatehouse-hardware-sampler");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Takes the first sample on the calling thread (so {@link #snapshot()} never waits or returns null), then one
     * every {@code interval}.
     */
    public static SampledHardwareProbe start(HardwareProbe source, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be > 0, was " + interval);
        }
        var probe = new SampledHardwareProbe(source, source.snapshot());
        long millis = Math.max(1, interval.toMillis());
        probe.sampler.scheduleWithFixedDelay(probe::sampleQuietly, millis, millis, TimeUnit.MILLISECONDS);
        return probe;
    }

    /** The last sample; a volatile read. */
    @Override
    public HardwareSnapshot snapshot() {
        if (closed) {
            throw new IllegalStateException("hardware probe is closed");
        }
        return latest;
    }

    /** Samples now, on the calling thread, and returns the result (the previous sample when this one fails). */
    public HardwareSnapshot refresh() {
        if (closed) {
            throw new IllegalStateException("hardware probe is closed");
        }
        sampleQuietly();
        return latest;
    }

    /** Stops sampling and closes the source when it holds resources (NVML); idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sampler.shutdownNow();
        if (source instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the hardware probe failed", e);
            }
        }
    }

    private void sampleQuietly() {
        try {
            latest = source.snapshot();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "hardware sample failed; keeping the one from " + latest.takenAt(), e);
        }
    }
}
