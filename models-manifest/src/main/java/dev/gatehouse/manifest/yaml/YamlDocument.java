package dev.gatehouse.manifest.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * One parsed configuration file, read with the settings every Gatehouse file shares: a key written twice is an
 * error (YAML would silently keep the last one), and size and nesting are bounded so that a hostile or broken file
 * fails fast instead of exhausting memory or stack. Malformed YAML becomes a {@link ConfigException} naming the
 * file, the parser's complaint and the line.
 */
public final class YamlDocument {
    /** Large enough for any hand-written policy or manifest; a file past it is not configuration. */
    public static final int MAX_CODE_POINTS = 4 * 1024 * 1024;
    public static final int MAX_NESTING_DEPTH = 64;

    private static final YAMLMapper YAML = mapper();

    private final JsonNode root;
    private final String source;

    private YamlDocument(JsonNode root, String source) {
        this.root = root;
        this.source = source;
    }

    /**
     * @throws ConfigException at {@code (file)} when the file is missing or unreadable, at {@code (document)} when
     *                         it is not valid YAML
     */
    public static YamlDocument read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of(new Violation("(file)", "does not exist")));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new Violation("(file)",
                    "cannot be read: " + e.getMessage())));
        }
        return parse(text, file.toString());
    }

    /** @throws ConfigException at {@code (document)} when the text is not valid YAML */
    public static YamlDocument parse(String yaml, String source) {
        try {
            JsonNode root = YAML.readTree(yaml);
            return new YamlDocument(root == null || root.isMissingNode() ? JsonNodeFactory.instance.nullNode() : root,
                    source);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException(source, List.of(new Violation("(document)",
                    "is not valid YAML: " + e.getOriginalMessage() + where)));
        } catch (RuntimeException e) {
            // SnakeYAML reports its limits (code points, depth, aliases) as unchecked exceptions
            throw new ConfigException(source, List.of(new Violation("(document)",
                    "is not valid YAML: " + e.getMessage())));
        }
    }

    public String source() {
        return source;
    }

    /** True for an empty file or one holding only comments or a null. */
    public boolean isEmpty() {
        return root.isNull();
    }

    /** True when the document is a mapping, the only shape a Gatehouse file has at its root. */
    public boolean isMapping() {
        return root.isObject();
    }

    /** The root's shape for a message ("a list", "'text'"). */
    public String describeRoot() {
        return YamlNode.describe(root);
    }

    /** The root mapping, walked from the empty path; an empty document reads as an empty mapping. */
    public YamlNode top(List<Violation> violations) {
        JsonNode mapping = root.isNull() ? JsonNodeFactory.instance.objectNode() : root;
        if (!mapping.isObject()) {
            throw new IllegalStateException("the root of " + source + " is not a mapping; check isMapping() first");
        }
        return new YamlNode(mapping, "", violations);
    }

    private static YAMLMapper mapper() {
        LoaderOptions limits = new LoaderOptions();
        limits.setCodePointLimit(MAX_CODE_POINTS);
        // a key with nothing after it ("models:") is null, as with the default mapper, not an empty string
        return YAMLMapper.builder(YAMLFactory.builder().loaderOptions(limits)
                        // Jackson walks SnakeYAML's events, not its composer, so depth is Jackson's own constraint
                        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                        .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
    }
}
