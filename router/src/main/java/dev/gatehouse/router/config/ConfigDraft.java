package dev.gatehouse.router.config;

import dev.gatehouse.manifest.Violation;
import dev.gatehouse.router.review.ReviewSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The settings while layers are applied; each remembers the key of the layer that set it last, so a range
 * violation names the key the user actually wrote ({@code --port}, {@code GATEHOUSE_PORT} or {@code port}).
 */
final class ConfigDraft {

    /** A value and the key it came from; a later {@link #set} with a non-null value wins. */
    static final class Setting<T> {
        T value;
        String key;

        Setting(T defaultValue, String key) {
            this.value = defaultValue;
            this.key = key;
        }

        void set(T newValue, String newKey) {
            if (newValue != null) {
                value = newValue;
                key = newKey;
            }
        }
    }

    final Setting<String> host = new Setting<>(GatehouseConfig.DEFAULT_HOST, "host");
    final Setting<Integer> port = new Setting<>(GatehouseConfig.DEFAULT_PORT, "port");
    final Setting<Path> modelsDir = new Setting<>(GatehouseConfig.DEFAULT_MODELS_DIR, "modelsDir");
    final Setting<Path> manifest = new Setting<>(GatehouseConfig.DEFAULT_MANIFEST, "manifest");
    final Setting<Boolean> logPrompts = new Setting<>(false, "logPrompts");
    final Setting<Path> policy = new Setting<>(null, "policy");
    final Setting<Path> decisionLogDir =
            new Setting<>(GatehouseConfig.DecisionLogSettings.DEFAULT_DIR, "decisionLog.dir");
    final Setting<Long> decisionLogMaxBytes =
            new Setting<>(GatehouseConfig.DecisionLogSettings.DEFAULT_MAX_BYTES, "decisionLog.maxBytes");
    final Setting<Integer> decisionLogMaxFiles =
            new Setting<>(GatehouseConfig.DecisionLogSettings.DEFAULT_MAX_FILES, "decisionLog.maxFiles");
    final Setting<Boolean> decisionLogEnabled = new Setting<>(true, "decisionLog.enabled");
    final Setting<Long> maxBodyBytes =
            new Setting<>(GatehouseConfig.Limits.DEFAULT_MAX_BODY_BYTES, "limits.maxBodyBytes");
    final Setting<Integer> maxQueue = new Setting<>(GatehouseConfig.Limits.DEFAULT_MAX_QUEUE, "limits.maxQueue");
    final Setting<Duration> queueWait = new Setting<>(GatehouseConfig.Limits.DEFAULT_QUEUE_WAIT, "limits.queueWait");
    final Setting<Integer> defaultSlots = new Setting<>(GatehouseConfig.Limits.DEFAULT_SLOTS, "limits.defaultSlots");
    final Setting<Integer> defaultContext =
            new Setting<>(GatehouseConfig.Limits.DEFAULT_CONTEXT, "limits.defaultContext");
    final Setting<Duration> requestTimeout =
            new Setting<>(GatehouseConfig.Limits.DEFAULT_REQUEST_TIMEOUT, "limits.requestTimeout");

    final Setting<Duration> keepAlive = new Setting<>(GatehouseConfig.Limits.DEFAULT_KEEP_ALIVE, "limits.keepAlive");
    final Setting<Long> gpuReserve = new Setting<>(GatehouseConfig.Limits.DEFAULT_GPU_RESERVE, "limits.gpuReserve");

    final Setting<Duration> sampleInterval =
            new Setting<>(GatehouseConfig.Hardware.DEFAULT_SAMPLE_INTERVAL, "hardware.sampleInterval");

    final Setting<dev.gatehouse.router.access.AuthMode> auth = new Setting<>(null, "auth");
    final Setting<Path> keys = new Setting<>(null, "keys");
    final Setting<java.util.Set<dev.gatehouse.router.access.View>> openViews =
            new Setting<>(java.util.Set.of(), "openViews");
    final Setting<Path> auditFile = new Setting<>(null, "audit.file");
    final Setting<Boolean> auditEnabled = new Setting<>(true, "audit.enabled");

    final Setting<Path> reviewStore = new Setting<>(null, "review.store");
    final Setting<Integer> reviewMaxPending = new Setting<>(ReviewSettings.DEFAULT_MAX_PENDING, "review.maxPending");
    final Setting<Integer> reviewMaxKept = new Setting<>(ReviewSettings.DEFAULT_MAX_KEPT, "review.maxKept");
    final Setting<Duration> reviewDefaultExpiry = new Setting<>(ReviewSettings.DEFAULT_EXPIRY, "review.defaultExpiry");

    void checkRanges(List<Violation> violations) {
        access().violation(host.value).ifPresent(v -> violations.add(new Violation(
                keys.value == null && auth.value != dev.gatehouse.router.access.AuthMode.KEYS ? host.key : auth.key,
                v)));
        if (host.value.isBlank()) {
            violations.add(new Violation(host.key, "must not be empty"));
        }
        between(port, 0, 65535, violations);
        if (maxBodyBytes.value < 1 || maxBodyBytes.value > Integer.MAX_VALUE) {
            violations.add(new Violation(maxBodyBytes.key,
                    "must be between 1 and " + Integer.MAX_VALUE + " bytes, was " + maxBodyBytes.value));
        }
        between(maxQueue, 0, 100_000, violations);
        between(defaultSlots, 1, 1024, violations);
        between(defaultContext, 16, 1 << 24, violations);
        if (decisionLogMaxBytes.value < 1024) {
            violations.add(new Violation(decisionLogMaxBytes.key, "must be at least 1KiB, was " + decisionLogMaxBytes.value));
        }
        between(decisionLogMaxFiles, 1, 1000, violations);
        if (gpuReserve.value < 0) {
            violations.add(new Violation(gpuReserve.key, "must not be negative, was " + gpuReserve.value));
        }
        if (keepAlive.value.isNegative() && !keepAlive.value.equals(GatehouseConfig.Limits.DEFAULT_KEEP_ALIVE)) {
            violations.add(new Violation(keepAlive.key, "must be a duration or -1 (never unload), was " + keepAlive.value));
        }
        if (queueWait.value.isNegative()) {
            violations.add(new Violation(queueWait.key, "must not be negative, was " + queueWait.value));
        }
        if (requestTimeout.value.isNegative() || requestTimeout.value.isZero()) {
            violations.add(new Violation(requestTimeout.key, "must be positive, was " + requestTimeout.value));
        }
        between(reviewMaxPending, 1, ReviewSettings.MAX_COUNT, violations);
        between(reviewMaxKept, 1, ReviewSettings.MAX_COUNT, violations);
        Duration expiry = reviewDefaultExpiry.value;
        if (expiry.isNegative() || expiry.isZero() || expiry.compareTo(ReviewSettings.MAX_EXPIRY) > 0) {
            violations.add(new Violation(reviewDefaultExpiry.key, "must be positive and at most "
                    + ReviewSettings.MAX_EXPIRY.toDays() + " days, was " + expiry));
        }
        // Below 100 ms sampling would cost a core in OSHI and NVML calls for figures nobody reads that often.
        if (sampleInterval.value.compareTo(Duration.ofMillis(100)) < 0) {
            violations.add(new Violation(sampleInterval.key, "must be at least 100ms, was " + sampleInterval.value));
        }
    }

    private static void between(Setting<Integer> setting, int min, int max, List<Violation> violations) {
        if (setting.value < min || setting.value > max) {
            violations.add(new Violation(setting.key,
                    "must be between " + min + " and " + max + ", was " + setting.value));
        }
    }

    GatehouseConfig build() {
        return new GatehouseConfig(host.value, port.value, modelsDir.value, manifest.value,
                new GatehouseConfig.Limits(maxBodyBytes.value, maxQueue.value, queueWait.value, defaultSlots.value,
                        defaultContext.value, requestTimeout.value, keepAlive.value, gpuReserve.value),
                logPrompts.value, policy.value, new GatehouseConfig.DecisionLogSettings(decisionLogDir.value,
                        decisionLogMaxBytes.value, decisionLogMaxFiles.value, decisionLogEnabled.value),
                new GatehouseConfig.Hardware(sampleInterval.value), access(),
                !auditEnabled.value ? null : auditFile.value != null ? auditFile.value
                        : decisionLogDir.value.resolve("audit.jsonl"),
                new ReviewSettings(reviewStore.value, reviewMaxPending.value, reviewMaxKept.value,
                        reviewDefaultExpiry.value));
    }

    private dev.gatehouse.router.access.AccessSettings access() {
        return new dev.gatehouse.router.access.AccessSettings(auth.value, keys.value, openViews.value);
    }
}
