package dev.gatehouse.inference.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One provider's health. Closed: calls pass; it opens after {@code consecutiveFailures} failures in a row, or when
 * the failure rate over {@code window} reaches {@code failureRate} with at least {@code minCalls} calls. Open: calls
 * are refused for {@code cooldown}. Half-open: up to {@code halfOpenProbes} calls pass; that many successes close
 * it, one failure opens it again. Every method takes the time, so tests step it by hand.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    public record Settings(int consecutiveFailures, double failureRate, int minCalls, Duration window,
            Duration cooldown, int halfOpenProbes) {
        public Settings {
            if (consecutiveFailures < 1) throw new IllegalArgumentException("consecutiveFailures must be >= 1");
            if (!(failureRate > 0 && failureRate <= 1)) throw new IllegalArgumentException("failureRate must be in (0, 1]");
            if (minCalls < 1) throw new IllegalArgumentException("minCalls must be >= 1");
            if (halfOpenProbes < 1) throw new IllegalArgumentException("halfOpenProbes must be >= 1");
        }

        /** 5 failures in a row, or half of at least 20 calls in a minute; 30 s cooldown; 1 probe. */
        public static Settings defaults() {
            return new Settings(5, 0.5, 20, Duration.ofMinutes(1), Duration.ofSeconds(30), 1);
        }
    }

    private final Settings settings;
    private final WindowCounts window;
    private State state = State.CLOSED;
    private int consecutive;
    private Instant openedAt;
    private int probesInFlight;
    private int probeSuccesses;

    public CircuitBreaker(Settings settings) {
        this.settings = settings;
        this.window = new WindowCounts(settings.window(), 12);
    }

    /** Whether a call may go out now; a true in half-open takes a probe slot, returned by the call's outcome. */
    public synchronized boolean tryAcquire(Instant now) {
        if (state == State.OPEN && !now.isBefore(openedAt.plus(settings.cooldown()))) {
            state = State.HALF_OPEN;
            probesInFlight = 0;
            probeSuccesses = 0;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (probesInFlight + probeSuccesses >= settings.halfOpenProbes()) yield false;
                probesInFlight++;
                yield true;
            }
        };
    }

    public synchronized void onSuccess(Instant now) {
        switch (state) {
            case CLOSED -> {
                consecutive = 0;
                window.add(now, false);
            }
            case HALF_OPEN -> {
                probesInFlight = Math.max(0, probesInFlight - 1);
                if (++probeSuccesses >= settings.halfOpenProbes()) {
                    state = State.CLOSED;
                    consecutive = 0;
                    window.clear();
                }
            }
            case OPEN -> { } // a call that started before the circuit opened; the cooldown stands
        }
    }

    public synchronized void onFailure(Instant now) {
        switch (state) {
            case CLOSED -> {
                consecutive++;
                window.add(now, true);
                long calls = window.total(now);
                boolean rateTooHigh = calls >= settings.minCalls()
                        && window.marked(now) >= settings.failureRate() * calls;
                if (consecutive >= settings.consecutiveFailures() || rateTooHigh) {
                    open(now);
                }
            }
            case HALF_OPEN -> open(now);
            case OPEN -> { }
        }
    }

    /** A call that ended saying nothing about health (cancelled by the client, rejected as a bad request). */
    public synchronized void onNeutral() {
        if (state == State.HALF_OPEN) {
            probesInFlight = Math.max(0, probesInFlight - 1);
        }
    }

    public synchronized State state(Instant now) {
        if (state == State.OPEN && !now.isBefore(openedAt.plus(settings.cooldown()))) {
            return State.HALF_OPEN; // what tryAcquire would find
        }
        return state;
    }

    /** While open: when probes will be let through. */
    public synchronized Optional<Instant> retryAt() {
        return state == State.OPEN ? Optional.of(openedAt.plus(settings.cooldown())) : Optional.empty();
    }

    private void open(Instant now) {
        state = State.OPEN;
        openedAt = now;
        probesInFlight = 0;
        probeSuccesses = 0;
    }
}
