package dev.gatehouse.router.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one timeout of a request, on real threads: what it interrupts, what it closes, what it leaves alone. */
class RequestDeadlineTest {

    @Test
    void aWaitOnlyAnInterruptEndsIsCutAtTheDeadlineAndTheInterruptDoesNotOutliveIt() {
        var never = new LinkedBlockingQueue<String>();
        long start = System.nanoTime();
        try (RequestDeadline deadline = RequestDeadline.start(Duration.ofMillis(200))) {
            assertThatThrownBy(() -> deadline.interruptible(() -> {
                try {
                    return never.take(); // like a worker that never answers Started
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InferenceException(InferenceException.Kind.CANCELLED, "interrupted");
                }
            })).isInstanceOf(RequestTimeoutException.class);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(150L, 5_000L);
        assertThat(Thread.currentThread().isInterrupted()).as("a later socket write must not see it").isFalse();
    }

    @Test
    void aGuardedStreamBlockedBeforeItsFirstEventIsClosedAtTheDeadlineAndReportsTheTimeout() {
        var stream = new BlockingStream();
        try (RequestDeadline deadline = RequestDeadline.start(Duration.ofMillis(200))) {
            TokenStream guarded = deadline.guard(stream);
            assertThatThrownBy(guarded::next).isInstanceOf(RequestTimeoutException.class);
            guarded.close();
        }
        assertThat(stream.closes).hasPositiveValue();
    }

    @Test
    void aClosedDeadlineLeavesNoAlarmQueuedForTheRestOfItsTimeout() {
        int before = RequestDeadline.pendingAlarms();
        for (int i = 0; i < 1_000; i++) {
            try (RequestDeadline deadline = RequestDeadline.start(Duration.ofMinutes(5))) {
                assertThat(deadline.passed()).isFalse();
            }
        }

        assertThat(RequestDeadline.pendingAlarms()).as("a thousand finished requests hold no alarms")
                .isLessThanOrEqualTo(before);
    }

    @Test
    void aDeadlineThatHasPassedRefusesNewWaitsAndClosesWhatItIsHanded() {
        try (RequestDeadline deadline = RequestDeadline.start(Duration.ZERO)) {
            assertThatThrownBy(deadline::remaining).isInstanceOf(RequestTimeoutException.class);
            var stream = new BlockingStream();
            assertThatThrownBy(() -> deadline.guard(stream)).isInstanceOf(RequestTimeoutException.class);
            assertThat(stream.closes).hasValue(1);
        }
    }

    /** A stream whose next() waits until it is closed, as a worker stream's does. */
    private static final class BlockingStream implements TokenStream {
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public TokenEvent next() {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new InferenceException(InferenceException.Kind.CANCELLED, "closed");
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            closed.countDown();
        }
    }
}
