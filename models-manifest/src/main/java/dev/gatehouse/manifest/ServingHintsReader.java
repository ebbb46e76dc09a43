package dev.gatehouse.manifest;

import dev.gatehouse.manifest.yaml.YamlNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the serving keys of one model entry ({@code queue}, {@code keepAlive}, {@code pin}, {@code device}, …). */
final class ServingHintsReader {
    static final List<String> KEYS = List.of("queue", "keepAlive", "pin", "device", "gpuLayers", "minContext");

    /** {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 2d}: one or more number-unit pairs. */
    private static final Pattern DURATION = Pattern.compile("(?:\\d+[smhd])+");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)([smhd])");
    private static final Pattern GPU_INDEX = Pattern.compile("gpu:(\\d{1,3})");
    private static final String DEVICES = "cpu, gpu or gpu:N";
    private static final String KEEP_ALIVE_FORMS = "-1 (never unload), 0, seconds, or a duration like 90s, 5m, 1h30m";

    private ServingHintsReader() {
    }

    /** The hints, or null when one of them broke a rule (the violations say which). */
    static ServingHints read(YamlNode entry, Integer context, List<Violation> violations) {
        int before = violations.size();
        Integer queue = entry.integer("queue", 0);
        Duration keepAlive = keepAlive(entry);
        Boolean pin = entry.boolOrText("pin");
        DeviceHint device = device(entry);
        Integer gpuLayers = entry.integer("gpuLayers", 0);
        Integer minContext = entry.integer("minContext", ModelEntryReader.MIN_CONTEXT);
        if (device != null && device.kind() == DeviceHint.Kind.CPU && gpuLayers != null && gpuLayers > 0) {
            entry.violation("gpuLayers", "must be 0 or absent with device cpu, was " + gpuLayers);
        }
        if (minContext != null && context != null && minContext > context) {
            entry.violation("minContext", "must be <= context (" + context + "), was " + minContext);
        }
        if (Boolean.TRUE.equals(pin) && keepAlive != null && !keepAlive.isNegative()) {
            entry.violation("keepAlive", "a pinned model is never unloaded; use -1 or leave keepAlive out, was "
                    + entry.text("keepAlive"));
        }
        if (violations.size() > before) {
            return null;
        }
        return new ServingHints(queue, keepAlive, Boolean.TRUE.equals(pin), device, gpuLayers, minContext);
    }

    private static Duration keepAlive(YamlNode entry) {
        String text = entry.text("keepAlive");
        if (text == null) {
            return null;
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("-1")) {
            return ServingHints.FOREVER;
        }
        if (value.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        if (!DURATION.matcher(value).matches()) {
            entry.violation("keepAlive", "must be " + KEEP_ALIVE_FORMS + ", was '" + text + "'");
            return null;
        }
        Duration total = Duration.ZERO;
        Matcher part = DURATION_PART.matcher(value);
        while (part.find()) {
            long n = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return total;
    }

    private static DeviceHint device(YamlNode entry) {
        String text = entry.text("device");
        if (text == null) {
            return null;
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("cpu")) {
            return DeviceHint.CPU;
        }
        if (value.equals("gpu")) {
            return DeviceHint.ANY_GPU;
        }
        Matcher gpu = GPU_INDEX.matcher(value);
        if (gpu.matches()) {
            return DeviceHint.gpu(Integer.parseInt(gpu.group(1)));
        }
        entry.violation("device", "must be one of " + DEVICES + ", was '" + text + "'");
        return null;
    }
}
