package dev.gatehouse.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One broken rule per case: the manifest is rejected with exactly that violation. */
class ManifestViolationsTest {

    record Case(String name, String yaml, String violation) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String ok = "{id: ok, file: ok.gguf, tasks: [chat]}";
        return Stream.of(
                new Case("slots below one is named with its index and value",
                        "models:\n  - " + ok + "\n  - {id: b, file: b.gguf, tasks: [chat]}\n"
                                + "  - {id: c, file: c.gguf, tasks: [chat], slots: 0}\n",
                        "models[2].slots: must be >= 1, was 0"),
                new Case("context below sixteen",
                        "models:\n  - {id: c, file: c.gguf, tasks: [chat], context: 8}\n",
                        "models[0].context: must be >= 16, was 8"),
                new Case("slots that are not a number",
                        "models:\n  - {id: c, file: c.gguf, tasks: [chat], slots: many}\n",
                        "models[0].slots: must be an integer, was 'many'"),
                new Case("a missing id", "models:\n  - {file: c.gguf, tasks: [chat]}\n", "models[0].id: is required"),
                new Case("an id with a space",
                        "models:\n  - {id: my model, file: c.gguf, tasks: [chat]}\n",
                        "models[0].id: must match [A-Za-z0-9._:-]+, was 'my model'"),
                new Case("the reserved id auto",
                        "models:\n  - {id: Auto, file: c.gguf, tasks: [chat]}\n",
                        "models[0].id: 'auto' is reserved for automatic model choice"),
                new Case("an alias equal to another model's id",
                        "models:\n  - " + ok + "\n  - {id: b, aliases: [ok], file: b.gguf, tasks: [chat]}\n",
                        "models[1].aliases[0]: 'ok' is already used by models[0].id; ids and aliases must be unique"),
                new Case("a bad alias", "models:\n  - {id: a, aliases: [x/y], file: a.gguf, tasks: [chat]}\n",
                        "models[0].aliases[0]: must match [A-Za-z0-9._:-]+, was 'x/y'"),
                new Case("aliases that are not a list",
                        "models:\n  - {id: a, aliases: b, file: a.gguf, tasks: [chat]}\n",
                        "models[0].aliases: must be a list, was 'b'"),
                new Case("both file and builtin",
                        "models:\n  - {id: a, file: a.onnx, builtin: all-minilm-l6-v2, tasks: [embeddings]}\n",
                        "models[0]: set exactly one of file and builtin, both were set"),
                new Case("neither file nor builtin", "models:\n  - {id: a, tasks: [chat]}\n",
                        "models[0]: one of file or builtin is required"),
                new Case("an unknown builtin",
                        "models:\n  - {id: a, builtin: bge-small, tasks: [embeddings]}\n",
                        "models[0].builtin: unknown builtin 'bge-small', expected one of [all-minilm-l6-v2, "
                                + "stories260k]"),
                new Case("a builtin declared in another format than it has",
                        "models:\n  - {id: s, builtin: stories260k, format: onnx, tasks: [chat]}\n",
                        "models[0].format: builtin 'stories260k' is gguf, was 'onnx'"),
                new Case("a builtin asked for a task it cannot serve",
                        "models:\n  - {id: s, builtin: stories260k, tasks: [chat, embeddings]}\n",
                        "models[0].tasks: builtin 'stories260k' serves only [chat], was [chat, embeddings]"),
                new Case("an unknown engine",
                        "models:\n  - {id: a, file: a.gguf, tasks: [chat], engine: vllm}\n",
                        "models[0].engine: must be one of [auto, llama.cpp, java-llama.cpp], was 'vllm'"),
                new Case("an unknown kv cache type",
                        "models:\n  - {id: a, file: a.gguf, tasks: [chat], kvCacheType: q5_1}\n",
                        "models[0].kvCacheType: must be one of [f16, q8_0, q4_0, f32], was 'q5_1'"),
                new Case("a flash attention setting that is not auto, on or off",
                        "models:\n  - {id: a, file: a.gguf, tasks: [chat], flashAttention: sometimes}\n",
                        "models[0].flashAttention: must be one of [auto, on, off], was 'sometimes'"),
                new Case("a quantized kv cache with flash attention off",
                        "models:\n  - {id: a, file: a.gguf, tasks: [chat], kvCacheType: q4_0, flashAttention: off}\n",
                        "models[0].kvCacheType: a quantized cache (q4_0) needs flash attention; use f16 or f32, or "
                                + "set flashAttention to auto or on"),
                new Case("a gguf embedding model on java-llama.cpp",
                        "models:\n  - {id: e, file: e.gguf, tasks: [embeddings], engine: java-llama.cpp}\n",
                        "models[0].engine: gguf embedding models run only on llama.cpp (its pooling), was "
                                + "'java-llama.cpp'"),
                new Case("an engine for an onnx model",
                        "models:\n  - {id: e, file: e.onnx, tasks: [embeddings], engine: llama.cpp}\n",
                        "models[0].engine: only gguf models run on llama.cpp; this model is onnx, remove engine"),
                new Case("a kv cache type for the builtin embedding model",
                        "models:\n  - {id: minilm, builtin: all-minilm-l6-v2, tasks: [embeddings], kvCacheType: q8_0}\n",
                        "models[0].kvCacheType: only gguf models run on llama.cpp; this model is onnx, remove "
                                + "kvCacheType"),
                new Case("flash attention for an onnx model",
                        "models:\n  - {id: e, file: e.onnx, tasks: [embeddings], flashAttention: on}\n",
                        "models[0].flashAttention: only gguf models run on llama.cpp; this model is onnx, remove "
                                + "flashAttention"),
                new Case("a format that cannot be inferred", "models:\n  - {id: a, file: a.bin, tasks: [chat]}\n",
                        "models[0].format: is required when the file name does not end in .gguf or .onnx, "
                                + "expected one of [gguf, onnx]"),
                new Case("an unknown format",
                        "models:\n  - {id: a, file: a.bin, format: safetensors, tasks: [chat]}\n",
                        "models[0].format: must be one of [gguf, onnx], was 'safetensors'"),
                new Case("a relative url", "models:\n  - {id: a, file: a.gguf, url: models/a.gguf, tasks: [chat]}\n",
                        "models[0].url: must be an absolute URL, was 'models/a.gguf'"),
                new Case("a short sha256", "models:\n  - {id: a, file: a.gguf, sha256: abc123, tasks: [chat]}\n",
                        "models[0].sha256: must be 64 hexadecimal characters, was 'abc123'"),
                new Case("an all-digit sha256 that YAML read as a number",
                        "models:\n  - {id: a, file: a.gguf, sha256: 0000, tasks: [chat]}\n",
                        "models[0].sha256: must be 64 hexadecimal characters in quotes (YAML read it as a number), "
                                + "was '0'"),
                new Case("missing tasks", "models:\n  - {id: a, file: a.gguf}\n",
                        "models[0].tasks: is required, expected a list of [chat, embeddings]"),
                new Case("empty tasks", "models:\n  - {id: a, file: a.gguf, tasks: []}\n",
                        "models[0].tasks: must not be empty, expected a list of [chat, embeddings]"),
                new Case("an onnx model serving chat", "models:\n  - {id: a, file: a.onnx, tasks: [chat]}\n",
                        "models[0].tasks: onnx models serve only embeddings, chat needs a gguf model"),
                new Case("an unknown tier", "models:\n  - {id: a, file: a.gguf, tasks: [chat], tier: huge}\n",
                        "models[0].tier: must be one of [small, medium, large], was 'huge'"),
                new Case("a default that is not a boolean",
                        "models:\n  - {id: a, file: a.gguf, tasks: [chat], default: 3}\n",
                        "models[0].default: must be true or false, was 3"),
                new Case("two defaults for chat",
                        "models:\n  - {id: a, file: a.gguf, tasks: [chat], default: true}\n"
                                + "  - {id: b, file: b.gguf, tasks: [chat], default: true}\n",
                        "models[1].default: at most one model may be the default for chat, found 2: "
                                + "models[0] (a), models[1] (b)"),
                new Case("the builtin's id for another model",
                        "models:\n  - {id: minilm, file: m.gguf, tasks: [embeddings]}\n",
                        "models[0].id: 'minilm' is reserved for the builtin embedding model; use another id or "
                                + "declare builtin: all-minilm-l6-v2"),
                new Case("an unknown key in an entry",
                        "models:\n  - {id: a, file: a.gguf, tasks: [chat], slot: 2}\n",
                        "models[0].slot: unknown key, expected one of " + ModelEntryReader.KEYS),
                new Case("an unknown top-level key", "modles: []\n",
                        "modles: unknown key, expected one of [models]"),
                new Case("models that are not a list", "models: {id: a}\n", "models: must be a list, was a mapping"),
                new Case("an entry that is not a mapping", "models:\n  - just-a-name\n",
                        "models[0]: must be a mapping with keys " + ModelEntryReader.KEYS + ", was 'just-a-name'"),
                new Case("a document that is not a mapping", "- a\n- b\n",
                        "(document): must be a mapping with the key 'models', was a list"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theManifestIsRejectedWithExactlyThisViolation(Case c) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ManifestReader.parse(c.yaml, "t.yaml"));

        assertThat(e).as("expected a ConfigException for: %s", c.name).isNotNull();
        assertThat(e.violations()).extracting(Violation::toString).containsExactly(c.violation);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syntaxErrors")
    void brokenYamlIsOneDocumentViolationWithItsLine(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ManifestReader.parse(yaml, "t.yaml"));

        assertThat(e.violations()).hasSize(1);
        assertThat(e.violations().getFirst().key()).isEqualTo("(document)");
        assertThat(e.violations().getFirst().message()).startsWith("is not valid YAML").contains("line");
    }

    static Stream<String> syntaxErrors() {
        return Stream.of("models:\n  - {id: a, file: [unclosed\n", "models:\n  - id: a\n    id: b\n",
                "models: [\n\t- tab\n");
    }
}
