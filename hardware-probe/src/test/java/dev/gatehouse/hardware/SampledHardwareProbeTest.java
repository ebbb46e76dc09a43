package dev.gatehouse.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.hardware.HardwareSnapshot.CpuInfo;
import dev.gatehouse.hardware.HardwareSnapshot.MemoryInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SampledHardwareProbeTest {

    /** Numbers its snapshots (free bytes = sample number) and can be told to fail. */
    static final class CountingProbe implements HardwareProbe, AutoCloseable {
        final AtomicInteger samples = new AtomicInteger();
        final CountDownLatch thirdSample = new CountDownLatch(3);
        volatile boolean failing;
        volatile boolean closed;

        @Override
        public HardwareSnapshot snapshot() {
            if (failing) {
                throw new IllegalStateException("sensor gone");
            }
            int n = samples.incrementAndGet();
            thirdSample.countDown();
            return new HardwareSnapshot(Instant.ofEpochSecond(n), new CpuInfo("fake", 4, 0, 0, 0),
                    new MemoryInfo(100, n, 1), List.of(), "none");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void theFirstSampleIsTakenAtStartSoASnapshotIsAlwaysThere() {
        var source = new CountingProbe();
        try (var probe = SampledHardwareProbe.start(source, Duration.ofHours(1))) {
            assertThat(probe.snapshot().memory().freeBytes()).isEqualTo(1);
        }
    }

    @Test
    void readingTheSnapshotNeverCallsTheSource() {
        var source = new CountingProbe();
        try (var probe = SampledHardwareProbe.start(source, Duration.ofHours(1))) {
            for (int i = 0; i < 100; i++) {
                probe.snapshot();
            }
            assertThat(source.samples).hasValue(1);
        }
    }

    @Test
    void theBackgroundThreadSamplesOnTheInterval() throws InterruptedException {
        var source = new CountingProbe();
        try (var probe = SampledHardwareProbe.start(source, Duration.ofMillis(5))) {
            assertThat(source.thirdSample.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(probe.snapshot().memory().freeBytes()).isGreaterThan(1);
        }
    }

    @Test
    void refreshSamplesNowOnTheCallersThread() {
        var source = new CountingProbe();
        try (var probe = SampledHardwareProbe.start(source, Duration.ofHours(1))) {
            HardwareSnapshot fresh = probe.refresh();

            assertThat(fresh.memory().freeBytes()).isEqualTo(2);
            assertThat(probe.snapshot()).isSameAs(fresh);
        }
    }

    @Test
    void aFailedSampleKeepsThePreviousOne() {
        var source = new CountingProbe();
        try (var probe = SampledHardwareProbe.start(source, Duration.ofHours(1))) {
            HardwareSnapshot before = probe.snapshot();
            source.failing = true;

            assertThat(probe.refresh()).isSameAs(before);
        }
    }

    @Test
    void closingClosesTheSourceOnceAndLaterReadsAreRefused() {
        var source = new CountingProbe();
        var probe = SampledHardwareProbe.start(source, Duration.ofHours(1));
        probe.close();
        probe.close();

        assertThat(source.closed).isTrue();
        assertThatThrownBy(probe::snapshot).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(probe::refresh).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNonPositiveIntervalIsRejectedWithTheValue() {
        assertThatThrownBy(() -> SampledHardwareProbe.start(new CountingProbe(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    }
}
