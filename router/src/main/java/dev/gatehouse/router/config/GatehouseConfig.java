package dev.gatehouse.router.config;

import dev.gatehouse.inference.placement.PlacementPolicy;
import dev.gatehouse.manifest.ServingHints;
import dev.gatehouse.router.access.AccessSettings;
import dev.gatehouse.router.review.ReviewSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the server needs to start, after precedence (flags &gt; environment &gt; gatehouse.yaml &gt; defaults) and
 * validation. Built by {@link ConfigReader}; the compact constructor only guards against programming errors, the
 * reader reports user mistakes with their key paths.
 *
 * @param host       interface to listen on
 * @param port       TCP port, 0 picks a free one
 * @param modelsDir  folder that model files in the manifest are resolved against
 * @param manifest   the models.yaml file
 * @param limits     per-request and per-model limits
 * @param logPrompts whether the request log line may contain prompt and completion text
 * @param policy     the routing policy file, or null for ./policy.yaml when present, else the built-in policy
 * @param decisionLog where and how much of the decision log to keep
 * @param hardware   how the machine is watched
 * @param access     {@code auth}, {@code keys} and {@code openViews}: who may come in
 * @param auditLog   the hash-chained audit log, or null for none ({@code audit.file}; by default audit.jsonl in
 *                   the decision log's folder)
 * @param review     the review lane's bounds and store ({@code review:})
 */
public record GatehouseConfig(String host, int port, Path modelsDir, Path manifest, Limits limits, boolean logPrompts,
        Path policy, DecisionLogSettings decisionLog, Hardware hardware, AccessSettings access, Path auditLog,
        ReviewSettings review) {

    /** Loopback: other machines reach the server only when the operator says so (and then with keys). */
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Path DEFAULT_MODELS_DIR = Path.of("models");
    public static final Path DEFAULT_MANIFEST = Path.of("models.yaml");
    public static final Path DEFAULT_CONFIG_FILE = Path.of("gatehouse.yaml");

    public GatehouseConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(modelsDir, "modelsDir");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(decisionLog, "decisionLog");
        Objects.requireNonNull(hardware, "hardware");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(review, "review");
    }

    /** With the review lane's defaults: in memory, default bounds. */
    public GatehouseConfig(String host, int port, Path modelsDir, Path manifest, Limits limits, boolean logPrompts,
            Path policy, DecisionLogSettings decisionLog, Hardware hardware, AccessSettings access, Path auditLog) {
        this(host, port, modelsDir, manifest, limits, logPrompts, policy, decisionLog, hardware, access, auditLog,
                ReviewSettings.defaults());
    }

    /** Without access settings and audit log: loopback rules, no keys, no audit. */
    public GatehouseConfig(String host, int port, Path modelsDir, Path manifest, Limits limits, boolean logPrompts,
            Path policy, DecisionLogSettings decisionLog, Hardware hardware) {
        this(host, port, modelsDir, manifest, limits, logPrompts, policy, decisionLog, hardware,
                AccessSettings.defaults(), null);
    }

    /**
     * @param dir      folder of decisions.jsonl and its rotated files
     * @param maxBytes size at which the file rotates
     * @param maxFiles files kept, the current one included
     * @param enabled  false keeps no decision log
     */
    public record DecisionLogSettings(Path dir, long maxBytes, int maxFiles, boolean enabled) {
        public static final Path DEFAULT_DIR = Path.of("logs");
        public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
        public static final int DEFAULT_MAX_FILES = 5;

        public static DecisionLogSettings defaults() {
            return new DecisionLogSettings(DEFAULT_DIR, DEFAULT_MAX_BYTES, DEFAULT_MAX_FILES, true);
        }
    }

    /** @param sampleInterval how often the hardware probe samples CPU, RAM and GPUs in the background */
    public record Hardware(Duration sampleInterval) {
        public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofSeconds(5);

        public Hardware {
            Objects.requireNonNull(sampleInterval, "sampleInterval");
        }

        public static Hardware defaults() {
            return new Hardware(DEFAULT_SAMPLE_INTERVAL);
        }
    }

    /**
     * @param maxBodyBytes   largest accepted request body
     * @param maxQueue       requests that may wait for a slot of one model
     * @param queueWait      how long a request waits for a slot before 429
     * @param defaultSlots   parallel requests per model when the manifest does not say
     * @param defaultContext context length when neither the manifest nor the GGUF header says
     * @param requestTimeout longest a generation may run before it is cut off
     * @param keepAlive      how long an idle model stays loaded when the manifest does not say; -1 (stored as
     *                       {@link ServingHints#FOREVER}) keeps it until it is evicted for room
     * @param gpuReserve     VRAM per GPU the planner leaves free (drivers, other processes, fragmentation)
     */
    public record Limits(
            long maxBodyBytes,
            int maxQueue,
            Duration queueWait,
            int defaultSlots,
            int defaultContext,
            Duration requestTimeout,
            Duration keepAlive,
            long gpuReserve) {

        public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
        public static final int DEFAULT_MAX_QUEUE = 8;
        public static final Duration DEFAULT_QUEUE_WAIT = Duration.ofSeconds(30);
        public static final int DEFAULT_SLOTS = 2;
        public static final int DEFAULT_CONTEXT = 2048;
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);
        public static final Duration DEFAULT_KEEP_ALIVE = ServingHints.FOREVER;
        public static final long DEFAULT_GPU_RESERVE = PlacementPolicy.DEFAULT_GPU_RESERVE;

        public Limits {
            Objects.requireNonNull(queueWait, "queueWait");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(keepAlive, "keepAlive");
        }

        public static Limits defaults() {
            return new Limits(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_QUEUE, DEFAULT_QUEUE_WAIT, DEFAULT_SLOTS,
                    DEFAULT_CONTEXT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_KEEP_ALIVE, DEFAULT_GPU_RESERVE);
        }
    }

    public static GatehouseConfig defaults() {
        return new GatehouseConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MODELS_DIR, DEFAULT_MANIFEST, Limits.defaults(),
                false, null, DecisionLogSettings.defaults(), Hardware.defaults(), AccessSettings.defaults(),
                DecisionLogSettings.DEFAULT_DIR.resolve("audit.jsonl"));
    }

    public GatehouseConfig withPort(int newPort) {
        return new GatehouseConfig(host, newPort, modelsDir, manifest, limits, logPrompts, policy, decisionLog, hardware,
                access, auditLog, review);
    }
}
