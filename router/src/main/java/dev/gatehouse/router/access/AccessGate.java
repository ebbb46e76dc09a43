package dev.gatehouse.router.access;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.router.audit.AuditTrail;
import dev.gatehouse.router.metrics.GatehouseMetrics;
import io.helidon.webserver.http.Filter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who may come in and what they may do: the keys, each key's limits, the views open without a key, and the audit
 * trail of administrative changes. Built once by {@code serve} (or a test); {@link #filter} goes into the routing
 * after the request-lifecycle filter.
 */
public final class AccessGate {

    private final AccessSettings.Exposure exposure;
    /** Swapped whole by {@link #replaceKeys}: a request sees one whole set of keys. */
    private volatile KeyRing keys;
    private final RateLimiter limiter;
    private final Set<View> openViews;
    private final AuditTrail audit;
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong forbidden = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    private AccessGate(AccessSettings.Exposure exposure, KeysFile keysFile, Set<View> openViews, AuditTrail audit,
            Clock clock) {
        this.exposure = exposure;
        this.keys = new KeyRing(keysFile);
        this.limiter = new RateLimiter(limits(keysFile), clock);
        this.openViews = Set.copyOf(openViews);
        this.audit = audit;
    }

    /**
     * @param keysFile the keys when {@code exposure} is {@link AccessSettings.Exposure#KEYS}, else ignored
     * @param audit    where administrative changes are recorded, or null
     * @param clock    the time of the rate limits
     */
    public static AccessGate of(AccessSettings.Exposure exposure, KeysFile keysFile, Set<View> openViews,
            AuditTrail audit, Clock clock) {
        return new AccessGate(exposure, exposure == AccessSettings.Exposure.KEYS ? keysFile : KeysFile.empty(),
                openViews, audit, clock);
    }

    /** No keys (loopback or {@code auth: open}), administrative changes audited when there is a trail. */
    public static AccessGate withoutKeys(AccessSettings.Exposure exposure, AuditTrail audit) {
        return of(exposure, KeysFile.empty(), Set.of(), audit, Clock.systemUTC());
    }

    private static Map<String, RateLimit> limits(KeysFile keysFile) {
        Map<String, RateLimit> limits = new HashMap<>();
        for (StoredKey k : keysFile.keys()) limits.put(k.id(), keysFile.tenants().get(k.tenant()).rateLimit());
        return limits;
    }

    /**
     * Serves a keys file read again by a configuration reload: new keys work and removed keys stop working from the
     * next request on; a key whose limits did not change keeps its buckets and open streams. Without keys required
     * this changes nothing.
     */
    public void replaceKeys(KeysFile keysFile) {
        if (!keysRequired()) return;
        // limits first: a new key's first request must find its own limit, not start an unlimited bucket
        limiter.replaceLimits(limits(keysFile));
        keys = new KeyRing(keysFile);
    }

    public Filter filter() {
        return new AccessFilter(this);
    }

    public AccessSettings.Exposure exposure() {
        return exposure;
    }

    /**
     * Adds {@code auth} (and a warning when anyone may come in) and {@code audit} to a health body: an open server
     * says so on every probe, and a failing audit log shows while serving goes on.
     */
    public void describe(ObjectNode health) {
        health.put("auth", exposure.wireName());
        if (exposure == AccessSettings.Exposure.OPEN) {
            health.put("warning", "auth: open - every request is served without an API key");
        }
        if (audit != null) {
            AuditTrail.State s = audit.state();
            ObjectNode a = health.putObject("audit");
            a.put("status", s.ok() ? "ok" : "failing");
            a.put("file", s.file().toString());
            a.put("written", s.written());
            a.put("forces", s.forces());
            a.put("failedWrites", s.failedWrites());
            if (s.lastError() != null) a.put("lastError", s.lastError());
            if (s.lastFailure() != null) a.put("lastFailure", s.lastFailure().toString());
        }
    }

    /** Counters of refused requests and failed audit writes on {@code /metrics}. */
    public void register(GatehouseMetrics metrics) {
        metrics.counter("gatehouse.access.refused", "Requests refused by the access gate", "status", "401",
                unauthorized::get);
        metrics.counter("gatehouse.access.refused", "Requests refused by the access gate", "status", "403",
                forbidden::get);
        metrics.counter("gatehouse.access.refused", "Requests refused by the access gate", "status", "429",
                rateLimited::get);
        if (audit != null) {
            metrics.counter("gatehouse.audit.write.failures", "Audit entries that could not be written", null, null,
                    () -> audit.state().failedWrites());
            metrics.counter("gatehouse.audit.forces", "Times the audit log was forced to disk (one per written batch)",
                    null, null, () -> audit.state().forces());
            metrics.gauge("gatehouse.audit.ok", "1 while the audit log is being written, 0 after a failed write",
                    () -> audit.state().ok() ? 1 : 0);
        }
    }

    boolean keysRequired() {
        return exposure == AccessSettings.Exposure.KEYS;
    }

    KeyRing keys() {
        return keys;
    }

    RateLimiter limiter() {
        return limiter;
    }

    Set<View> openViews() {
        return openViews;
    }

    AuditTrail audit() {
        return audit;
    }

    void refused(int status) {
        switch (status) {
            case 401 -> unauthorized.incrementAndGet();
            case 403 -> forbidden.incrementAndGet();
            default -> { }
        }
    }

    void rateLimited() {
        rateLimited.incrementAndGet();
    }
}
