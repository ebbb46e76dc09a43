package dev.gatehouse.router.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private static final Set<String> ROOT_KEYS = Set.of("host", "port", "modelsDir", "manifest", "logPrompts", "limits",
            "policy", "decisionLog", "hardware", "auth", "keys", "openViews", "audit");
    private static final Set<String> AUDIT_KEYS = Set.of("file", "enabled");
    private static final Set<String> DECISION_LOG_KEYS = Set.of("dir", "maxBytes", "maxFiles", "enabled");
    private static final Set<String> LIMIT_KEYS = Set.of("maxBodyBytes", "maxQueue", "queueWait", "defaultSlots",
            "defaultContext", "requestTimeout", "keepAlive", "gpuReserve");
    private static final Set<String> HARDWARE_KEYS = Set.of("sampleInterval");

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
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            violations.add(new Violation(file.toString(), "is not valid YAML: " + e.getOriginalMessage()));
            return;
        } catch (IOException e) {
            violations.add(new Violation(fileKey, "cannot read " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
            return;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return; // an empty file means "all defaults"
        }
        if (!root.isObject()) {
            violations.add(new Violation("(root)", "must be a mapping of keys to values, was " + root.getNodeType()));
            return;
        }
        rejectUnknownKeys(root, "", ROOT_KEYS);
        draft.host.set(parse.text(root.get("host"), "host"), "host");
        draft.port.set(parse.integer(root.get("port"), "port"), "port");
        draft.modelsDir.set(parse.path(root.get("modelsDir"), "modelsDir"), "modelsDir");
        draft.manifest.set(parse.path(root.get("manifest"), "manifest"), "manifest");
        draft.logPrompts.set(parse.bool(root.get("logPrompts"), "logPrompts"), "logPrompts");
        draft.policy.set(parse.path(root.get("policy"), "policy"), "policy");
        readDecisionLog(root.get("decisionLog"), draft);
        readHardware(root.get("hardware"), draft);
        readAccess(root, draft);
        JsonNode limits = root.get("limits");
        if (limits == null || limits.isNull()) {
            return;
        }
        if (!limits.isObject()) {
            violations.add(new Violation("limits", "must be a mapping, was " + limits.getNodeType()));
            return;
        }
        rejectUnknownKeys(limits, "limits.", LIMIT_KEYS);
        draft.maxBodyBytes.set(parse.size(limits.get("maxBodyBytes"), "limits.maxBodyBytes"), "limits.maxBodyBytes");
        draft.maxQueue.set(parse.integer(limits.get("maxQueue"), "limits.maxQueue"), "limits.maxQueue");
        draft.queueWait.set(parse.duration(limits.get("queueWait"), "limits.queueWait"), "limits.queueWait");
        draft.defaultSlots.set(parse.integer(limits.get("defaultSlots"), "limits.defaultSlots"), "limits.defaultSlots");
        draft.defaultContext.set(parse.integer(limits.get("defaultContext"), "limits.defaultContext"),
                "limits.defaultContext");
        draft.requestTimeout.set(parse.duration(limits.get("requestTimeout"), "limits.requestTimeout"),
                "limits.requestTimeout");
        JsonNode keepAlive = limits.get("keepAlive");
        draft.keepAlive.set(keepAlive != null && keepAlive.asText().equals("-1") ? GatehouseConfig.Limits.DEFAULT_KEEP_ALIVE
                : parse.duration(keepAlive, "limits.keepAlive"), "limits.keepAlive");
        draft.gpuReserve.set(parse.size(limits.get("gpuReserve"), "limits.gpuReserve"), "limits.gpuReserve");
    }

    private void readDecisionLog(JsonNode node, ConfigDraft draft) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            violations.add(new Violation("decisionLog", "must be a mapping, was " + node.getNodeType()));
            return;
        }
        rejectUnknownKeys(node, "decisionLog.", DECISION_LOG_KEYS);
        draft.decisionLogDir.set(parse.path(node.get("dir"), "decisionLog.dir"), "decisionLog.dir");
        draft.decisionLogMaxBytes.set(parse.size(node.get("maxBytes"), "decisionLog.maxBytes"), "decisionLog.maxBytes");
        draft.decisionLogMaxFiles.set(parse.integer(node.get("maxFiles"), "decisionLog.maxFiles"),
                "decisionLog.maxFiles");
        draft.decisionLogEnabled.set(parse.bool(node.get("enabled"), "decisionLog.enabled"), "decisionLog.enabled");
    }

    private void readAccess(JsonNode root, ConfigDraft draft) {
        String auth = parse.text(root.get("auth"), "auth");
        if (auth != null) {
            var mode = dev.gatehouse.router.access.AuthMode.fromWireName(auth);
            if (mode.isEmpty()) violations.add(new Violation("auth", "must be keys or open, was \"" + brief(auth) + "\""));
            draft.auth.set(mode.orElse(null), "auth");
        }
        draft.keys.set(parse.path(root.get("keys"), "keys"), "keys");
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
        JsonNode audit = root.get("audit");
        if (audit == null || audit.isNull()) {
            return;
        }
        if (!audit.isObject()) {
            violations.add(new Violation("audit", "must be a mapping, was " + audit.getNodeType()));
            return;
        }
        rejectUnknownKeys(audit, "audit.", AUDIT_KEYS);
        draft.auditFile.set(parse.path(audit.get("file"), "audit.file"), "audit.file");
        draft.auditEnabled.set(parse.bool(audit.get("enabled"), "audit.enabled"), "audit.enabled");
    }

    private static String brief(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private void readHardware(JsonNode hardware, ConfigDraft draft) {
        if (hardware == null || hardware.isNull()) {
            return;
        }
        if (!hardware.isObject()) {
            violations.add(new Violation("hardware", "must be a mapping, was " + hardware.getNodeType()));
            return;
        }
        rejectUnknownKeys(hardware, "hardware.", HARDWARE_KEYS);
        draft.sampleInterval.set(parse.duration(hardware.get("sampleInterval"), "hardware.sampleInterval"),
                "hardware.sampleInterval");
    }

    private void rejectUnknownKeys(JsonNode node, String prefix, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                violations.add(new Violation(prefix + name,
                        "unknown key, expected one of " + known.stream().sorted().toList()));
            }
        }
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
