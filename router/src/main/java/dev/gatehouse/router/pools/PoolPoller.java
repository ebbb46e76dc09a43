package dev.gatehouse.router.pools;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Polls the live capacity of on-premises pools in the background, each on its own schedule and under its own
 * deadline, and keeps the last {@link PoolReading} of each. Requests never wait for a poll: the router copies the
 * readings into its snapshot and the decision judges them (stale, full) against its own {@code now}.
 */
public final class PoolPoller implements AutoCloseable {

    /** Far more than a {@code /v1/pool} answer or an engine's metrics page; anything larger is not one. */
    static final int MAX_BODY_BYTES = 8 << 20;
    private static final Logger LOG = Logger.getLogger(PoolPoller.class.getName());

    private final Map<String, CapacitySource> sources;
    private final Map<String, PoolReading> readings = new ConcurrentHashMap<>();
    private final Clock clock;
    private final HttpClient http;
    private final int maxBodyBytes;
    private ScheduledExecutorService scheduler;

    /** @param sources where each pool's capacity is read, by pool id */
    public PoolPoller(Map<String, CapacitySource> sources, Clock clock) {
        this(sources, clock, MAX_BODY_BYTES);
    }

    PoolPoller(Map<String, CapacitySource> sources, Clock clock, int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.sources = Map.copyOf(sources);
        this.clock = Objects.requireNonNull(clock, "clock");
        // no pools, no client: every router has a poller, most have nothing to poll
        this.http = sources.isEmpty() ? null : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(sources.values().stream().map(CapacitySource::timeout).max(Duration::compareTo)
                        .orElse(CapacitySource.DEFAULT_TIMEOUT))
                .build();
        sources.keySet().forEach(pool -> readings.put(pool, PoolReading.none(pool)));
    }

    /** Polls each pool now and then every {@code every} after its previous poll ended; idempotent. */
    public synchronized PoolPoller start() {
        if (scheduler != null || sources.isEmpty()) return this;
        scheduler = Executors.newScheduledThreadPool(sources.size(),
                Thread.ofVirtual().name("gatehouse-pool-poll-", 0).factory());
        sources.forEach((pool, source) -> scheduler.scheduleWithFixedDelay(() -> poll(pool), 0,
                source.every().toMillis(), TimeUnit.MILLISECONDS));
        return this;
    }

    /** The last reading of every pool (one that was never polled has no answer yet). */
    public Map<String, PoolReading> readings() {
        return Map.copyOf(readings);
    }

    public Map<String, CapacitySource> sources() {
        return sources;
    }

    /** One poll of one pool on the caller's thread, bounded by its deadline; the new reading. */
    public PoolReading poll(String pool) {
        CapacitySource source = sources.get(pool);
        if (source == null) throw new IllegalArgumentException("no pool '" + pool + "' to poll; pools: "
                + sources.keySet());
        List<PoolLoad> loads = null;
        String error = null;
        try {
            loads = read(source);
        } catch (RuntimeException e) {
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        // folded into the newest reading: a poll by hand and a scheduled one may overlap
        PoolReading before = readings.get(pool);
        List<PoolLoad> answer = loads;
        String failure = error;
        PoolReading after = readings.compute(pool, (id, last) -> answer != null
                ? last.answered(clock.instant(), answer) : last.failed(clock.instant(), failure));
        if (answer != null && before.lastError() != null) {
            LOG.info("pool " + pool + " answers again: " + after.describe());
        } else if (answer == null && before.lastError() == null) {
            LOG.log(Level.WARNING, "capacity poll of pool " + pool + " failed: " + failure);
        }
        return after;
    }

    private List<PoolLoad> read(CapacitySource source) {
        byte[] body = fetch(source);
        return switch (source.kind()) {
            case GATEHOUSE -> GatehousePoolJson.read(body);
            case PROMETHEUS -> List.of(EngineMetrics.read(new String(body, StandardCharsets.UTF_8)));
        };
    }

    /** The body of a GET, or an exception whose message says what went wrong in words fit for a decision. */
    private byte[] fetch(CapacitySource source) {
        HttpRequest request = HttpRequest.newBuilder(source.url()).timeout(source.timeout())
                .header("Accept", source.kind() == CapacitySource.Kind.GATEHOUSE ? "application/json" : "text/plain")
                .GET().build();
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request,
                info -> new BoundedBody(maxBodyBytes));
        try {
            HttpResponse<byte[]> response = answer.get(source.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " from " + source.url());
            }
            return response.body();
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new IllegalStateException("no answer from " + source.url() + " within "
                    + source.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof java.net.http.HttpTimeoutException) {
                // the client's own timeout is the same deadline and may fire first: one message for both
                throw new IllegalStateException("no answer from " + source.url() + " within "
                        + source.timeout().toMillis() + " ms");
            }
            throw new IllegalStateException(cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + " (" + source.url() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw new IllegalStateException("interrupted");
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (http != null) http.close();
    }
}
