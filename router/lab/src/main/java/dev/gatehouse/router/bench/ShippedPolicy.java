package dev.gatehouse.router.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The policy the gateway bench runs: the one users run ({@code ./policy.yaml}, else the built-in default), with its
 * {@code providers} replaced by one approved provider, the bench's upstream, offering a small and a large model (so an
 * {@code auto} request has a choice to make, and the decision reads the prompt's embedding).
 */
final class ShippedPolicy {
    static final String KEY_ENV = "GATEHOUSE_BENCH_KEY";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ShippedPolicy() {}

    /** @param file the policy file, or null for the built-in default */
    static Policy withBenchProvider(Path file, URI upstream) {
        return PolicyReader.parse(yamlWithBenchProvider(file, upstream), describe(file), Map.of(KEY_ENV, "bench-key"));
    }

    /** The same policy as YAML text, for a {@code serve} process (its provider key comes from {@link #KEY_ENV}). */
    static String yamlWithBenchProvider(Path file, URI upstream) {
        try {
            ObjectNode tree;
            try (InputStream in = file != null ? Files.newInputStream(file)
                    : ShippedPolicy.class.getResourceAsStream(PolicyReader.DEFAULT_RESOURCE)) {
                tree = (ObjectNode) YAML.readTree(in);
            }
            var provider = tree.putArray("providers").addObject();
            provider.put("id", "bench").put("kind", "openai").put("baseUrl", upstream.toString())
                    .put("apiKeyEnv", KEY_ENV).put("pricePer1kInput", 0.00015).put("pricePer1kOutput", 0.0006)
                    .put("timeout", "30s").put("maxConcurrency", 1024);
            provider.putArray("models").add("bench-model").add("bench-large");
            provider.putArray("dataClasses").add("public").add("internal");
            return YAML.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + describe(file), e);
        }
    }

    static String describe(Path file) {
        return file == null ? "the built-in default policy" : file.toString();
    }
}
