package dev.gatehouse.manifest;

import dev.gatehouse.manifest.Builtins.Builtin;
import dev.gatehouse.manifest.EngineSettingsReader.EngineSettings;
import dev.gatehouse.manifest.yaml.YamlNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Turns one entry of {@code models:} into a {@link ModelSpec}, reporting every broken rule at its key path. */
final class ModelEntryReader {
    static final List<String> KEYS = Stream.concat(Stream.of("id", "aliases", "file", "builtin",
            "format", "url", "sha256", "tasks", "tier", "default", "slots", "context", "chatTemplate"),
            Stream.concat(ServingHintsReader.KEYS.stream(), EngineSettingsReader.KEYS.stream())).toList();
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]+");
    static final String RESERVED_NAME = "auto";
    static final int MIN_CONTEXT = 16;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private ModelEntryReader() {
    }

    /** The entry as a spec, or null when it broke a rule (the violations say which). */
    static ModelSpec read(YamlNode entry, List<Violation> violations) {
        int before = violations.size();
        entry.rejectUnknownKeys(KEYS);

        String id = entry.text("id");
        if (id == null) {
            entry.violation("id", "is required");
        } else {
            checkName(id, entry.path("id"), violations);
        }
        List<String> aliases = entry.values("aliases");
        if (aliases != null) {
            for (int i = 0; i < aliases.size(); i++) {
                checkName(aliases.get(i), entry.path("aliases") + "[" + i + "]", violations);
            }
        }
        String file = entry.text("file");
        String builtin = entry.text("builtin");
        if (file != null && builtin != null) {
            entry.violation(null, "set exactly one of file and builtin, both were set");
        } else if (file == null && builtin == null) {
            entry.violation(null, "one of file or builtin is required");
        }
        if (file != null && file.isBlank()) {
            entry.violation("file", "must not be empty");
        }
        Builtin known = builtin == null ? null : Builtins.find(builtin).orElse(null);
        if (builtin != null && known == null) {
            entry.violation("builtin", "unknown builtin '" + builtin + "', expected one of " + Builtins.KNOWN);
        }
        ModelFormat format = format(entry, file, known);
        URI url = url(entry);
        String sha256 = entry.text("sha256");
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            // YAML reads an all-digit hash as a number and drops its leading zeros; say so instead of a riddle.
            entry.violation("sha256", "must be 64 hexadecimal characters" + (entry.isNumber("sha256")
                    ? " in quotes (YAML read it as a number)" : "") + ", was '" + sha256 + "'");
        }
        Set<TaskKind> tasks = tasks(entry, violations);
        if (format == ModelFormat.ONNX && tasks != null && tasks.contains(TaskKind.CHAT)) {
            entry.violation("tasks", "onnx models serve only embeddings, chat needs a gguf model");
        } else if (known != null && tasks != null && !known.tasks().containsAll(tasks)) {
            entry.violation("tasks", "builtin '" + known.name() + "' serves only " + YamlNode.names(known.tasks())
                    + ", was " + YamlNode.names(tasks));
        }
        Tier tier = entry.enumValue("tier", Tier.class);
        Boolean isDefault = entry.boolOrText("default");
        Integer slots = entry.integer("slots", 1);
        Integer context = entry.integer("context", MIN_CONTEXT);
        String chatTemplate = entry.text("chatTemplate");
        ServingHints serving = ServingHintsReader.read(entry, context, violations);
        EngineSettings engine = EngineSettingsReader.read(entry, format, violations);
        if (format == ModelFormat.GGUF && tasks != null && tasks.equals(EnumSet.of(TaskKind.EMBEDDINGS))
                && engine != null && engine.engine() == Engine.JAVA_LLAMA_CPP) {
            entry.violation("engine", "gguf embedding models run only on llama.cpp (its pooling), was 'java-llama.cpp'");
        }

        if (violations.size() > before) {
            return null;
        }
        return new ModelSpec(id, aliases == null ? List.of() : aliases, format, file,
                builtin == null ? null : builtin.toLowerCase(Locale.ROOT), url,
                sha256 == null ? null : sha256.toLowerCase(Locale.ROOT), tasks, tier == null ? Tier.SMALL : tier,
                Boolean.TRUE.equals(isDefault), slots, context, chatTemplate, serving, engine.engine(),
                engine.kvCacheType(), engine.flashAttention());
    }

    private static void checkName(String name, String keyPath, List<Violation> violations) {
        if (!NAME.matcher(name).matches()) {
            violations.add(new Violation(keyPath, "must match " + NAME.pattern() + ", was '" + name + "'"));
        } else if (name.equalsIgnoreCase(RESERVED_NAME)) {
            violations.add(new Violation(keyPath, "'" + RESERVED_NAME
                    + "' is reserved for automatic model choice"));
        }
    }

    private static ModelFormat format(YamlNode entry, String file, Builtin builtin) {
        if (entry.has("format")) {
            ModelFormat declared = entry.enumValue("format", ModelFormat.class);
            if (declared != null && builtin != null && declared != builtin.format()) {
                entry.violation("format", "builtin '" + builtin.name() + "' is "
                        + builtin.format().name().toLowerCase(Locale.ROOT) + ", was '" + entry.text("format") + "'");
                return builtin.format(); // the later checks judge the model the builtin really is
            }
            return declared;
        }
        if (builtin != null) {
            return builtin.format();
        }
        if (file != null) {
            String lower = file.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".gguf")) {
                return ModelFormat.GGUF;
            }
            if (lower.endsWith(".onnx")) {
                return ModelFormat.ONNX;
            }
            entry.violation("format", "is required when the file name does not end in .gguf or .onnx, expected "
                    + "one of " + YamlNode.names(ModelFormat.class));
        }
        return null;
    }

    private static URI url(YamlNode entry) {
        String text = entry.text("url");
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null) {
                entry.violation("url", "must be an absolute URL, was '" + text + "'");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            entry.violation("url", "is not a valid URL (" + e.getReason() + "), was '" + text + "'");
            return null;
        }
    }

    private static Set<TaskKind> tasks(YamlNode entry, List<Violation> violations) {
        List<String> names = entry.values("tasks");
        if (names == null) {
            if (!entry.has("tasks")) {
                entry.violation("tasks", "is required, expected a list of " + YamlNode.names(TaskKind.class));
            }
            return null;
        }
        if (names.isEmpty()) {
            entry.violation("tasks", "must not be empty, expected a list of " + YamlNode.names(TaskKind.class));
            return null;
        }
        Set<TaskKind> tasks = EnumSet.noneOf(TaskKind.class);
        for (int i = 0; i < names.size(); i++) {
            TaskKind task = entry.parseEnum(names.get(i), TaskKind.class, entry.path("tasks") + "[" + i + "]");
            if (task != null) {
                tasks.add(task);
            }
        }
        return tasks;
    }
}
