package dev.gatehouse.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.router.policy.PolicyReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing of the three configuration readers (models.yaml, policy.yaml, gatehouse.yaml): generated documents built
 * from each reader's own keys with hostile values, and the shipped files with their text damaged. Each read must
 * either return a value or throw {@link ConfigException} listing violations — never another exception (a YAML
 * library error, a NullPointerException, a NumberFormatException) and never a long parse.
 */
class ConfigFilesFuzzTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> MANIFEST_KEYS = List.of("models", "id", "aliases", "file", "builtin", "format",
            "tasks", "tier", "default", "slots", "context", "sha256", "chatTemplate", "url", "queue", "keepAlive",
            "pin", "device", "gpuLayers", "minContext", "engine", "kvCacheType", "flashAttention");
    private static final List<String> POLICY_KEYS = List.of("targets", "rules", "floors", "categories", "tenants",
            "priority", "onPinnedVeto", "privacy", "escalation", "providers", "budgets", "id", "local", "tier",
            "quality", "dataClasses", "costPer1kInput", "costPer1kOutput", "tokensPerSecond", "coldLoadMs", "name",
            "when", "prefer", "require", "forbid", "category", "difficulty", "dataClass", "tenant", "tenantTier",
            "apiKeys", "kind", "baseUrl", "apiKeyEnv", "models", "region", "zone", "onExhausted", "perMinute",
            "maxShare", "minRequests", "default", "egress", "classes", "maskConfidential", "cascade", "fallbacks");
    private static final List<String> CONFIG_KEYS = List.of("host", "port", "modelsDir", "manifest", "logPrompts",
            "limits", "policy", "decisionLog", "hardware", "dir", "maxBytes", "maxFiles", "enabled", "maxBodyBytes",
            "maxQueue", "queueWait", "defaultSlots", "defaultContext", "requestTimeout", "keepAlive", "gpuReserve",
            "sampleInterval");
    private static final List<Object> SCALARS = List.of("", "x", "auto", "chat", "embeddings", "small", "large",
            "public", "internal", "confidential", "restricted", "llama.cpp", "java-llama.cpp", "gguf", "onnx",
            "stories260k", "all-minilm-l6-v2", "f16", "q8_0", "on", "off", "1h", "-5s", "0s", "5m", "10MiB", "1e9GB",
            "-1", "0.5", "NaN", "../../etc/passwd", "/dev/null", "${HOME}", "é\u0000\u202e", "a".repeat(70_000),
            0, 1, -1, 2, 100, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1e308, -0.0, 0.5, 1.5, true,
            false, "true", "null", "~");

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("config-fuzz");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        Files.delete(dir);
    }

    @Property
    void aGeneratedManifestIsReadOrRefusedWithViolations(@ForAll("manifests") String yaml) {
        assertReadOrRefused(yaml, text -> ManifestReader.parse(text, "fuzz.yaml"));
    }

    @Property
    void aGeneratedPolicyIsReadOrRefusedWithViolations(@ForAll("policies") String yaml) {
        assertReadOrRefused(yaml, text -> PolicyReader.parse(text, "fuzz.yaml", Map.of()));
    }

    @Property
    void aGeneratedServerConfigIsReadOrRefusedWithViolations(@ForAll("configs") String yaml) {
        assertReadOrRefused(yaml, ConfigFilesFuzzTest::readConfig);
    }

    @Property
    void aDamagedShippedManifestIsReadOrRefusedWithViolations(@ForAll("damagedManifest") String yaml) {
        assertReadOrRefused(yaml, text -> ManifestReader.parse(text, "fuzz.yaml"));
    }

    @Property
    void aDamagedShippedPolicyIsReadOrRefusedWithViolations(@ForAll("damagedPolicy") String yaml) {
        assertReadOrRefused(yaml, text -> PolicyReader.parse(text, "fuzz.yaml", Map.of()));
    }

    @Property
    void aDamagedShippedServerConfigIsReadOrRefusedWithViolations(@ForAll("damagedConfig") String yaml) {
        assertReadOrRefused(yaml, ConfigFilesFuzzTest::readConfig);
    }

    @Example
    void aBillionLaughsDocumentIsRefusedQuickly() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) yaml.append(j == 0 ? "" : ",").append("*a").append(i - 1);
            yaml.append("]\n");
        }
        assertRefused(yaml.toString());
    }

    @Example
    void tenThousandNestedSequencesAreRefusedNotAStackOverflow() {
        assertRefused("models: " + "[".repeat(10_000) + "]".repeat(10_000));
    }

    private static void assertRefused(String yaml) {
        for (Consumer<String> reader : List.<Consumer<String>>of(text -> ManifestReader.parse(text, "fuzz.yaml"),
                text -> PolicyReader.parse(text, "fuzz.yaml", Map.of()), ConfigFilesFuzzTest::readConfig)) {
            long start = THREADS.getCurrentThreadCpuTime();
            Throwable failure = catchThrowable(() -> reader.accept(yaml));
            assertThat(failure).isInstanceOf(ConfigException.class);
            assertThat((THREADS.getCurrentThreadCpuTime() - start) / 1_000_000).isLessThan(5_000);
        }
    }

    private static void assertReadOrRefused(String yaml, Consumer<String> reader) {
        long start = THREADS.getCurrentThreadCpuTime(); // CPU time: a busy machine does not slow it down
        Throwable failure = catchThrowable(() -> reader.accept(yaml));
        if (failure != null) {
            assertThat(failure).as("reading:\n%s", cut(yaml)).isInstanceOf(ConfigException.class);
            assertThat(((ConfigException) failure).violations()).isNotEmpty();
        }
        assertThat((THREADS.getCurrentThreadCpuTime() - start) / 1_000_000).as("CPU milliseconds to read")
                .isLessThan(5_000);
    }

    private static void readConfig(String yaml) {
        Path file = dir.resolve("gatehouse.yaml");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ConfigReader.read(new ConfigOverrides(null, null, null, file), Map.of());
    }

    private static String cut(String text) {
        return text.length() < 2000 ? text : text.substring(0, 2000) + "…";
    }

    @Provide
    Arbitrary<String> manifests() {
        return documents(MANIFEST_KEYS);
    }

    @Provide
    Arbitrary<String> policies() {
        return documents(POLICY_KEYS);
    }

    @Provide
    Arbitrary<String> configs() {
        return documents(CONFIG_KEYS);
    }

    @Provide
    Arbitrary<String> damagedManifest() {
        return damaged(file("models.yaml"));
    }

    @Provide
    Arbitrary<String> damagedPolicy() {
        return damaged(resource(PolicyReader.DEFAULT_RESOURCE));
    }

    @Provide
    Arbitrary<String> damagedConfig() {
        return damaged(file("gatehouse.yaml"));
    }

    private static Arbitrary<String> documents(List<String> keys) {
        return Arbitraries.randomValue(random -> {
            try {
                return YAML.writeValueAsString(mapping(random, keys, 0));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Object node(Random random, List<String> keys, int depth) {
        int pick = random.nextInt(10);
        if (depth < 4 && pick < 4) return mapping(random, keys, depth + 1);
        if (depth < 4 && pick < 7) {
            List<Object> list = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) list.add(node(random, keys, depth + 1));
            return list;
        }
        return random.nextInt(20) == 0 ? null : SCALARS.get(random.nextInt(SCALARS.size()));
    }

    private static Map<String, Object> mapping(Random random, List<String> keys, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 1 + random.nextInt(5); i > 0; i--) {
            String key = random.nextInt(8) == 0 ? "k" + random.nextInt(3) : keys.get(random.nextInt(keys.size()));
            map.put(key, node(random, keys, depth));
        }
        return map;
    }

    /** The text with one to five edits: cut a span, insert YAML punctuation, duplicate or drop a line. */
    private static Arbitrary<String> damaged(String seed) {
        String punctuation = ":-[]{}&*!|>'\"#%@`, \n\t";
        return Arbitraries.randomValue(random -> {
            StringBuilder text = new StringBuilder(seed);
            for (int edits = 1 + random.nextInt(5); edits > 0 && !text.isEmpty(); edits--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(4)) {
                    case 0 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(40)));
                    case 1 -> text.insert(at, punctuation.charAt(random.nextInt(punctuation.length())));
                    case 2 -> {
                        int start = text.lastIndexOf("\n", at) + 1;
                        int end = text.indexOf("\n", at);
                        String line = text.substring(start, end < 0 ? text.length() : end + 1);
                        text.insert(start, random.nextBoolean() ? line : "  " + line);
                    }
                    default -> text.setCharAt(at, (char) (' ' + random.nextInt(95)));
                }
            }
            return text.toString();
        });
    }

    private static String file(String name) {
        try {
            return Files.readString(Path.of("..").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ConfigFilesFuzzTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
