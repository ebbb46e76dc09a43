package dev.gatehouse.router.escalation;

import dev.gatehouse.inference.provider.WindowCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Caps escalations to the cloud per minute and as a share of all traffic over a sliding minute. Every request is
 * {@linkplain #countRequest counted}; an escalation must {@linkplain #tryEscalate ask}. When the cap bites it logs a
 * line and tells the metric hook. Time is passed in.
 */
public final class EscalationRateCap {

    private static final Logger LOG = Logger.getLogger(EscalationRateCap.class.getName());
    static final Duration WINDOW = Duration.ofMinutes(1);

    /**
     * @param perMinute   most escalations in any sliding minute; null = no count cap
     * @param maxShare    most escalations as a share (0..1) of the minute's requests; null = no share cap
     * @param minRequests the share cap applies only once the minute holds this many requests (the first request of
     *                    a quiet minute would otherwise be 100% escalated)
     */
    public record Settings(Integer perMinute, Double maxShare, int minRequests) {
        public Settings {
            if (perMinute != null && perMinute < 0) throw new IllegalArgumentException("perMinute must be >= 0");
            if (maxShare != null && !(maxShare >= 0 && maxShare <= 1)) {
                throw new IllegalArgumentException("maxShare must be in [0, 1], was " + maxShare);
            }
        }

        public static Settings unlimited() {
            return new Settings(null, null, 0);
        }
    }

    /** Why an escalation was refused, for the decision's rejected candidate. */
    public enum Limit { PER_MINUTE, SHARE }

    /** The answer: allowed, or the cap that bit with a detail sentence. */
    public record Verdict(boolean allowed, Limit limit, String detail) {
        static final Verdict ALLOWED = new Verdict(true, null, null);
    }

    private final Settings settings;
    private final Consumer<Limit> onCapped;
    private final WindowCounts window = new WindowCounts(WINDOW, 60);

    /** @param onCapped metric hook, called once per refused escalation */
    public EscalationRateCap(Settings settings, Consumer<Limit> onCapped) {
        this.settings = settings;
        this.onCapped = onCapped;
    }

    /** Counts a request that will not escalate (an escalating one is counted by {@link #tryEscalate}). */
    public synchronized void countRequest(Instant now) {
        window.add(now, false);
    }

    /**
     * Whether one more request may escalate now. Allowed: it is counted as an escalated request. Refused: it is
     * counted as a plain request (it will be served locally or refused).
     */
    public Verdict tryEscalate(Instant now) {
        Verdict verdict;
        synchronized (this) {
            long requests = window.total(now) + 1;
            long escalations = window.marked(now) + 1;
            verdict = check(requests, escalations);
            window.add(now, verdict.allowed());
        }
        if (!verdict.allowed()) {
            LOG.info("escalation cap: " + verdict.detail());
            onCapped.accept(verdict.limit());
        }
        return verdict;
    }

    /**
     * A request already counted as local now escalates after all (a fallback after its local targets failed, a
     * cascade whose local answer failed its check): the same limits, but the request is not counted a second time.
     */
    public Verdict tryEscalateCounted(Instant now) {
        Verdict verdict;
        synchronized (this) {
            verdict = check(window.total(now), window.marked(now) + 1);
            if (verdict.allowed()) window.add(now, 0, 1);
        }
        if (!verdict.allowed()) {
            LOG.info("escalation cap: " + verdict.detail());
            onCapped.accept(verdict.limit());
        }
        return verdict;
    }

    /** Whether one more request could escalate now, counting nothing: an input of the decision's cap gate. */
    public synchronized Verdict peek(Instant now) {
        return check(window.total(now) + 1, window.marked(now) + 1);
    }

    /**
     * A decision kept a request local because {@link #peek} refused: the cap bit, so it is logged and counted by
     * the metric hook like a refused {@link #tryEscalate}. The request itself is counted by {@link #countRequest}.
     */
    public void bit(Verdict verdict) {
        if (verdict.allowed()) return;
        LOG.info("escalation cap: " + verdict.detail());
        onCapped.accept(verdict.limit());
    }

    private Verdict check(long requests, long escalations) {
        if (settings.perMinute() != null && escalations > settings.perMinute()) {
            return new Verdict(false, Limit.PER_MINUTE, "escalation would be the " + escalations
                    + "th in the last minute; the cap is " + settings.perMinute() + " per minute");
        }
        if (settings.maxShare() != null && requests >= settings.minRequests()
                && escalations > settings.maxShare() * requests) {
            return new Verdict(false, Limit.SHARE, String.format(Locale.ROOT,
                    "escalation would make %d of %d requests in the last minute (%.1f%%); the cap is %.1f%%",
                    escalations, requests, 100.0 * escalations / requests, 100 * settings.maxShare()));
        }
        return Verdict.ALLOWED;
    }
}
