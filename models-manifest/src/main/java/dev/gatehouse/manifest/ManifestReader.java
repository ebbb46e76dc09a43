package dev.gatehouse.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.manifest.yaml.YamlDocument;
import dev.gatehouse.manifest.yaml.YamlNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads {@code models.yaml} into a validated {@link Manifest}. The YAML is read as a tree and checked by hand so that
 * every broken rule is reported at once, each with its key path ({@code models[2].slots: must be >= 1, was 0}).
 *
 * <p>The builtin embedding model ({@code minilm}, all-MiniLM-L6-v2) is added unless the file declares it, and is the
 * default for embeddings unless another model is.
 */
public final class ManifestReader {
    private static final List<String> TOP_LEVEL_KEYS = List.of("models");

    private ManifestReader() {
    }

    public static Manifest read(Path yaml) {
        return parse(YamlDocument.read(yaml));
    }

    public static Manifest parse(String yaml, String sourceName) {
        return parse(YamlDocument.parse(yaml, sourceName));
    }

    private static Manifest parse(YamlDocument document) {
        String sourceName = document.source();
        List<Violation> violations = new ArrayList<>();
        List<ModelSpec> models = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        if (!document.isEmpty()) {
            if (!document.isMapping()) {
                throw new ConfigException(sourceName, List.of(new Violation("(document)",
                        "must be a mapping with the key 'models', was " + document.describeRoot())));
            }
            YamlNode top = document.top(violations);
            top.rejectUnknownKeys(TOP_LEVEL_KEYS);
            readModels(top.get("models"), models, paths, violations);
        }
        checkNamesAreUnique(models, paths, violations);
        checkOneDefaultPerTask(models, paths, violations);
        if (!violations.isEmpty()) {
            throw new ConfigException(sourceName, violations);
        }
        if (models.stream().noneMatch(m -> Builtins.MINILM.equals(m.builtin()))) {
            boolean embeddingsDefaultDeclared = models.stream()
                    .anyMatch(m -> m.isDefault() && m.serves(TaskKind.EMBEDDINGS));
            models.add(Builtins.minilm(!embeddingsDefaultDeclared));
        }
        return new Manifest(models);
    }

    private static void readModels(JsonNode list, List<ModelSpec> models, List<String> paths,
            List<Violation> violations) {
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            violations.add(new Violation("models", "must be a list, was " + YamlNode.describe(list)));
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "models[" + i + "]";
            if (!(list.get(i) instanceof ObjectNode entry)) {
                violations.add(new Violation(path, "must be a mapping with keys " + ModelEntryReader.KEYS
                        + ", was " + YamlNode.describe(list.get(i))));
                continue;
            }
            ModelSpec spec = ModelEntryReader.read(new YamlNode(entry, path, violations), violations);
            if (spec != null) {
                models.add(spec);
                paths.add(path);
            }
        }
    }

    private static void checkNamesAreUnique(List<ModelSpec> models, List<String> paths,
            List<Violation> violations) {
        Map<String, String> owners = new HashMap<>();
        for (int i = 0; i < models.size(); i++) {
            ModelSpec model = models.get(i);
            claim(owners, model.id(), paths.get(i) + ".id", violations);
            for (int a = 0; a < model.aliases().size(); a++) {
                claim(owners, model.aliases().get(a), paths.get(i) + ".aliases[" + a + "]", violations);
            }
            if (model.id().equals(Builtins.MINILM_ID) && !Builtins.MINILM.equals(model.builtin())) {
                violations.add(new Violation(paths.get(i) + ".id", "'" + Builtins.MINILM_ID + "' is reserved for "
                        + "the builtin embedding model; use another id or declare builtin: " + Builtins.MINILM));
            }
        }
    }

    private static void claim(Map<String, String> owners, String name, String keyPath, List<Violation> violations) {
        String owner = owners.putIfAbsent(name, keyPath);
        if (owner != null) {
            violations.add(new Violation(keyPath, "'" + name + "' is already used by " + owner
                    + "; ids and aliases must be unique"));
        }
    }

    private static void checkOneDefaultPerTask(List<ModelSpec> models, List<String> paths,
            List<Violation> violations) {
        for (TaskKind task : TaskKind.values()) {
            List<Integer> defaults = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                if (models.get(i).isDefault() && models.get(i).serves(task)) {
                    defaults.add(i);
                }
            }
            if (defaults.size() > 1) {
                String all = defaults.stream().map(i -> paths.get(i) + " (" + models.get(i).id() + ")")
                        .collect(Collectors.joining(", "));
                violations.add(new Violation(paths.get(defaults.get(1)) + ".default", "at most one model may be "
                        + "the default for " + task.name().toLowerCase() + ", found " + defaults.size() + ": " + all));
            }
        }
    }
}
