package dev.gatehouse.router.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.manifest.yaml.YamlDocument;
import dev.gatehouse.manifest.yaml.YamlNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link GatehouseConfig} from command-line flags, environment variables, the gatehouse.yaml file and the
 * defaults, in that order of precedence, and reports every violation at once with the key it came from
 * ({@code limits.maxQueue}, {@code GATEHOUSE_PORT}, {@code --port}).
 *
 * <p>The environment is an explicit map so tests never touch the real one.
 */
public final class ConfigReader {

    public static final String ENV_CONFIG = "GATEHOUSE_CONFIG";
    public static final String ENV_HOST = "GATEHOUSE_HOST";
    public static final String ENV_PORT = "GATEHOUSE_PORT";
    public static final String ENV_MODELS_DIR = "GATEHOUSE_MODELS_DIR";
    public static final String ENV_MANIFEST = "GATEHOUSE_MANIFEST";

    // sorted, as the unknown-key message lists them
    private static final List<String> ROOT_KEYS = sorted("host", "port", "modelsDir", "manifest", "logPrompts",
            "limits", "policy", "decisionLog", "hardware", "auth", "keys", "openViews", "audit", "review");
    private static final List<String> AUDIT_KEYS = sorted("file", "enabled");
    private static final List<String> DECISION_LOG_KEYS = sorted("dir", "maxBytes", "maxFiles", "enabled");
    private static final List<String> LIMIT_KEYS = sorted("maxBodyBytes", "maxQueue", "queueWait", "defaultSlots",
            "defaultContext", "requestTimeout", "keepAlive", "gpuReserve");
    private static final List<String> HARDWARE_KEYS = sorted("sampleInterval");
    private static final List<String> REVIEW_KEYS = sorted("store", "maxPending", "maxKept", "defaultExpiry");

    private final List<Violation> violations = new ArrayList<>();
    private final ValueParser parse = new ValueParser(violations);

    private ConfigReader() {}

    /**
     * @throws ConfigException listing every violation, each with its key
     */
    public static GatehouseConfig read(ConfigOverrides flags, Map<String, String> env) {
        return new ConfigReader().readLayers(flags, env);
    }

    /** The file {@link #read} reads: --config, else GATEHOUSE_CONFIG, else gatehouse.yaml when it exists. */
    public static Path configFile(ConfigOverrides flags, Map<String, String> env) {
        if (flags.configFile() != null) {
            return flags.configFile();
        }
        String fromEnv = env.get(ENV_CONFIG);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return Files.exists(GatehouseConfig.DEFAULT_CONFIG_FILE) ? GatehouseConfig.DEFAULT_CONFIG_FILE : null;
    }

    private GatehouseConfig readLayers(ConfigOverrides flags, Map<String, String> env) {
        Path file = configFile(flags, env);
        ConfigDraft draft = new ConfigDraft();
        if (file != null) {
            String fileKey = flags.configFile() != null ? "--config" : env.containsKey(ENV_CONFIG) ? ENV_CONFIG : "config";
            readFile(file, fileKey, draft);
        }
        readEnvironment(env, draft);
        readFlags(flags, draft);
        draft.checkRanges(violations);
        if (!violations.isEmpty()) {
            throw new ConfigException(file == null ? "configuration" : file.toString(), violations);
        }
        return draft.build();
    }

    private void readFile(Path file, String fileKey, ConfigDraft draft) {
        YamlDocument document;
        try {
            document = YamlDocument.read(file);
        } catch (ConfigException e) {
            // reported under the key that named the file (--config) or, for bad YAML, under the file itself
            for (Violation v : e.violations()) {
                boolean unreadable = v.key().equals("(file)");
                violations.add(new Violation(unreadable ? fileKey : file.toString(),
                        unreadable ? "cannot read " + file + ": " + v.message() : v.message()));
            }
            return;
        }
        if (document.isEmpty()) {
            return; // an empty file means "all defaults"
        }
        if (!document.isMapping()) {
            violations.add(new Violation("(root)", "must be a mapping of keys to values, was "
                    + document.describeRoot()));
            return;
        }
        YamlNode root = document.top(violations);
        root.rejectUnknownKeys(ROOT_KEYS);
        draft.host.set(parse.text(root, "host"), "host");
        draft.port.set(root.integer("port", Integer.MIN_VALUE), "port");
        draft.modelsDir.set(parse.path(root, "modelsDir"), "modelsDir");
        draft.manifest.set(parse.path(root, "manifest"), "manifest");
        draft.logPrompts.set(root.bool("logPrompts"), "logPrompts");
        draft.policy.set(parse.path(root, "policy"), "policy");
        readDecisionLog(root.mapping("decisionLog"), draft);
        readHardware(root.mapping("hardware"), draft);
        readReview(root.mapping("review"), draft);
        readAccess(root, draft);
        YamlNode limits = root.mapping("limits");
        if (limits == null) {
            return;
        }
        limits.rejectUnknownKeys(LIMIT_KEYS);
        draft.maxBodyBytes.set(parse.size(limits, "maxBodyBytes"), "limits.maxBodyBytes");
        draft.maxQueue.set(limits.integer("maxQueue", Integer.MIN_VALUE), "limits.maxQueue");
        draft.queueWait.set(parse.duration(limits, "queueWait"), "limits.queueWait");
        draft.defaultSlots.set(limits.integer("defaultSlots", Integer.MIN_VALUE), "limits.defaultSlots");
        draft.defaultContext.set(limits.integer("defaultContext", Integer.MIN_VALUE), "limits.defaultContext");
        draft.requestTimeout.set(parse.duration(limits, "requestTimeout"), "limits.requestTimeout");
        JsonNode keepAlive = limits.get("keepAlive");
        draft.keepAlive.set(keepAlive != null && keepAlive.asText().equals("-1") ? GatehouseConfig.Limits.DEFAULT_KEEP_ALIVE
                : parse.duration(limits, "keepAlive"), "limits.keepAlive");
        draft.gpuReserve.set(parse.size(limits, "gpuReserve"), "limits.gpuReserve");
    }

    private void readDecisionLog(YamlNode node, ConfigDraft draft) {
        if (node == null) {
            return;
        }
        node.rejectUnknownKeys(DECISION_LOG_KEYS);
        draft.decisionLogDir.set(parse.path(node, "dir"), "decisionLog.dir");
        draft.decisionLogMaxBytes.set(parse.size(node, "maxBytes"), "decisionLog.maxBytes");
        draft.decisionLogMaxFiles.set(node.integer("maxFiles", Integer.MIN_VALUE), "decisionLog.maxFiles");
        draft.decisionLogEnabled.set(node.bool("enabled"), "decisionLog.enabled");
    }

    private void readReview(YamlNode node, ConfigDraft draft) {
        if (node == null) {
            return;
        }
        node.rejectUnknownKeys(REVIEW_KEYS);
        draft.reviewStore.set(parse.path(node, "store"), "review.store");
        draft.reviewMaxPending.set(node.integer("maxPending", Integer.MIN_VALUE), "review.maxPending");
        draft.reviewMaxKept.set(node.integer("maxKept", Integer.MIN_VALUE), "review.maxKept");
        draft.reviewDefaultExpiry.set(parse.duration(node, "defaultExpiry"), "review.defaultExpiry");
    }

    private void readAccess(YamlNode root, ConfigDraft draft) {
        String auth = parse.text(root, "auth");
        if (auth != null) {
            var mode = dev.gatehouse.router.access.AuthMode.fromWireName(auth);
            if (mode.isEmpty()) violations.add(new Violation("auth", "must be keys or open, was \"" + brief(auth) + "\""));
            draft.auth.set(mode.orElse(null), "auth");
        }
        draft.keys.set(parse.path(root, "keys"), "keys");
        JsonNode views = root.get("openViews");
        if (views != null && !views.isNull()) {
            if (!views.isArray()) {
                violations.add(new Violation("openViews", "must be a list of pool, hardware, metrics"));
            } else {
                var open = new java.util.HashSet<dev.gatehouse.router.access.View>();
                for (int i = 0; i < views.size(); i++) {
                    var view = dev.gatehouse.router.access.View.fromWireName(views.get(i).asText());
                    if (view.isEmpty()) {
                        violations.add(new Violation("openViews[" + i + "]", "must be one of pool, hardware, "
                                + "metrics, was \"" + brief(views.get(i).asText()) + "\""));
                    }
                    view.ifPresent(open::add);
                }
                draft.openViews.set(open, "openViews");
            }
        }
        YamlNode audit = root.mapping("audit");
        if (audit == null) {
            return;
        }
        audit.rejectUnknownKeys(AUDIT_KEYS);
        draft.auditFile.set(parse.path(audit, "file"), "audit.file");
        draft.auditEnabled.set(audit.bool("enabled"), "audit.enabled");
    }

    private static String brief(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private void readHardware(YamlNode hardware, ConfigDraft draft) {
        if (hardware == null) {
            return;
        }
        hardware.rejectUnknownKeys(HARDWARE_KEYS);
        draft.sampleInterval.set(parse.duration(hardware, "sampleInterval"), "hardware.sampleInterval");
    }

    private void readEnvironment(Map<String, String> env, ConfigDraft draft) {
        draft.host.set(nonBlank(env.get(ENV_HOST)), ENV_HOST);
        String port = nonBlank(env.get(ENV_PORT));
        if (port != null) {
            draft.port.set(parse.integer(port, ENV_PORT), ENV_PORT);
        }
        String modelsDir = nonBlank(env.get(ENV_MODELS_DIR));
        draft.modelsDir.set(modelsDir == null ? null : Path.of(modelsDir), ENV_MODELS_DIR);
        String manifest = nonBlank(env.get(ENV_MANIFEST));
        draft.manifest.set(manifest == null ? null : Path.of(manifest), ENV_MANIFEST);
    }

    private static void readFlags(ConfigOverrides flags, ConfigDraft draft) {
        draft.port.set(flags.port(), "--port");
        draft.modelsDir.set(flags.modelsDir(), "--models-dir");
        draft.manifest.set(flags.manifest(), "--manifest");
        draft.keys.set(flags.keys(), "--keys");
    }

    private static List<String> sorted(String... keys) {
        return java.util.Arrays.stream(keys).sorted().toList();
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Parses a duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 {@code PT30S}. */
    static Duration parseDuration(String text) {
        String t = text.strip();
        if (t.startsWith("P") || t.startsWith("p")) {
            return Duration.parse(t);
        }
        var m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|h)").matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(t);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
