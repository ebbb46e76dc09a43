package dev.gatehouse.natives;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which {@code tokenizer.json} files the Java tokenizer takes: exactly the components and options it reproduces.
 * Anything else is refused with its key path, and {@link OnnxEmbedder} then keeps DJL's tokenizer.
 */
class BertTokenizerJsonTest {

    /** A byte-level BPE tokenizer (GPT-2's shape), small but complete. */
    private static final String BYTE_LEVEL_BPE = """
            {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [
              {"id": 3, "content": "<|endoftext|>", "single_word": false, "lstrip": false, "rstrip": false,
               "normalized": true, "special": true}],
             "normalizer": null,
             "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
             "post_processor": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": false, "use_regex": true},
             "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
             "model": {"type": "BPE", "dropout": null, "unk_token": null, "continuing_subword_prefix": "",
               "end_of_word_suffix": "", "fuse_unk": false, "byte_fallback": false, "ignore_merges": false,
               "vocab": {"h": 0, "i": 1, "hi": 2, "<|endoftext|>": 3}, "merges": ["h i"]}}
            """;

    @Test
    void miniLmsTokenizerJsonIsReadWithItsSettings() {
        List<String> refusals = new ArrayList<>();
        BertTokenizerJson json = BertTokenizerJson.read(MiniLmTokenizerJson.bytes(), refusals).orElseThrow();

        assertThat(refusals).isEmpty();
        assertThat(json.cleanText()).isTrue();
        assertThat(json.handleChineseChars()).isTrue();
        assertThat(json.stripAccents()).as("null follows lowercase").isTrue();
        assertThat(json.lowercase()).isTrue();
        assertThat(json.vocab()).hasSize(30522).containsEntry("[UNK]", 100).containsEntry("##ing", 2075);
        assertThat(json.unkId()).isEqualTo(100);
        assertThat(json.continuingSubwordPrefix()).isEqualTo("##");
        assertThat(json.maxInputCharsPerWord()).isEqualTo(100);
        assertThat(json.addedTokens()).containsOnlyKeys("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
        assertThat(json.prefixIds()).containsExactly(101);
        assertThat(json.suffixIds()).containsExactly(102);
        assertThat(json.sequenceType()).isZero();
    }

    @Test
    void aByteLevelBpeTokenizerIsRefusedNamingEveryComponentItDoesNotReproduce() {
        List<String> refusals = new ArrayList<>();
        Optional<BertWordPieceTokenizer> java =
                BertWordPieceTokenizer.forJson(BYTE_LEVEL_BPE.getBytes(StandardCharsets.UTF_8), 128, refusals);

        assertThat(java).isEmpty();
        assertThat(refusals).anyMatch(r -> r.startsWith("normalizer: expected type BertNormalizer"))
                .anyMatch(r -> r.startsWith("pre_tokenizer: expected type BertPreTokenizer, was ByteLevel"))
                .anyMatch(r -> r.startsWith("model: expected type WordPiece, was BPE"));
    }

    static Stream<Arguments> modifiedOptions() {
        return Stream.of(
                Arguments.of("another normalizer", "normalizer: expected type BertNormalizer, was NFKC",
                        (Consumer<ObjectNode>) root -> root.putObject("normalizer").put("type", "NFKC")),
                Arguments.of("an unknown normalizer option", "normalizer.keep_emoji: unknown option",
                        (Consumer<ObjectNode>) root -> ((ObjectNode) root.get("normalizer")).put("keep_emoji", true)),
                Arguments.of("another pre-tokenizer", "pre_tokenizer: expected type BertPreTokenizer, was Whitespace",
                        (Consumer<ObjectNode>) root -> root.putObject("pre_tokenizer").put("type", "Whitespace")),
                Arguments.of("an unknown model option", "model.byte_fallback: unknown option",
                        (Consumer<ObjectNode>) root -> ((ObjectNode) root.get("model")).put("byte_fallback", true)),
                Arguments.of("an added token that strips spaces on its left", "added_tokens[2].lstrip: only false",
                        (Consumer<ObjectNode>) root -> ((ObjectNode) root.get("added_tokens").get(2))
                                .put("lstrip", true)),
                Arguments.of("an added token matched after normalising", "added_tokens[4].normalized: only false",
                        (Consumer<ObjectNode>) root -> ((ObjectNode) root.get("added_tokens").get(4))
                                .put("normalized", true)),
                Arguments.of("RoBERTa's post-processor", "post_processor: expected TemplateProcessing, BertProcessing "
                        + "or none, was RobertaProcessing", (Consumer<ObjectNode>) root -> root.putObject(
                                "post_processor").put("type", "RobertaProcessing")),
                Arguments.of("truncation from the left, which DJL keeps", "truncation.direction: only Right",
                        (Consumer<ObjectNode>) root -> ((ObjectNode) root.get("truncation")).put("direction", "Left")),
                Arguments.of("an unknown token as unk_token", "model.unk_token: '<unk>' is not in the vocabulary",
                        (Consumer<ObjectNode>) root -> ((ObjectNode) root.get("model")).put("unk_token", "<unk>")));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("modifiedOptions")
    void aTokenizerJsonWithAModifiedOptionIsRefusedNamingIt(String name, String reason, Consumer<ObjectNode> edit) {
        List<String> refusals = new ArrayList<>();
        Optional<BertWordPieceTokenizer> java =
                BertWordPieceTokenizer.forJson(MiniLmTokenizerJson.edited(edit), 128, refusals);

        assertThat(java).isEmpty();
        assertThat(refusals).anyMatch(r -> r.startsWith(reason));
    }

    @Test
    void textThatIsNotJsonIsRefused() {
        List<String> refusals = new ArrayList<>();
        assertThat(BertWordPieceTokenizer.forJson("{\"model\": ".getBytes(StandardCharsets.UTF_8), 128, refusals))
                .isEmpty();
        assertThat(refusals).singleElement().asString().startsWith("not JSON");
    }

    /** DJL sets the length and strategy of truncation and turns padding off, whatever the file says. */
    @Test
    void theFilesOwnTruncationLengthAndPaddingDoNotChangeTheWindow() {
        byte[] json = MiniLmTokenizerJson.edited(root -> {
            root.putObject("truncation").put("direction", "Right").put("max_length", 3).put("strategy", "OnlySecond")
                    .put("stride", 2);
            ObjectNode padding = ((ObjectNode) root.get("padding")).put("direction", "Left").put("pad_id", 5);
            padding.putObject("strategy").put("Fixed", 300);
        });
        Random random = new Random(11);
        for (int window : new int[] {8, 128}) {
            try (HuggingFaceTokenizer djl = MiniLmTokenizerJson.djl(json, window)) {
                BertWordPieceTokenizer java = MiniLmTokenizerJson.java(json, window);
                for (int sample = 0; sample < 100; sample++) {
                    BertWordPieceTokenizerTest.assertSameWindow(djl, java, RandomText.of(random, 300));
                }
            }
        }
    }

    /** The other post-processors it reproduces: BERT's own, and none at all (no special ids, no room kept). */
    @Test
    void bertProcessingAndNoPostProcessorGiveDjlsWindow() {
        List<byte[]> variants = List.of(
                MiniLmTokenizerJson.edited(root -> {
                    ObjectNode bert = root.putObject("post_processor").put("type", "BertProcessing");
                    bert.putArray("sep").add("[SEP]").add(102);
                    bert.putArray("cls").add("[CLS]").add(101);
                }),
                MiniLmTokenizerJson.edited(root -> root.putNull("post_processor")),
                MiniLmTokenizerJson.edited(root -> {
                    ArrayNode single = (ArrayNode) root.get("post_processor").get("single");
                    ((ObjectNode) single.get(1).get("Sequence")).put("type_id", 1);
                    ((ObjectNode) single.get(2).get("SpecialToken")).put("type_id", 1);
                }));
        Random random = new Random(5);
        for (byte[] json : variants) {
            for (int window : new int[] {2, 8, 128}) {
                try (HuggingFaceTokenizer djl = MiniLmTokenizerJson.djl(json, window)) {
                    BertWordPieceTokenizer java = MiniLmTokenizerJson.java(json, window);
                    for (int sample = 0; sample < 100; sample++) {
                        BertWordPieceTokenizerTest.assertSameWindow(djl, java, RandomText.of(random, 300));
                    }
                }
            }
        }
    }

    @Test
    void theBuiltInEmbedderReadsWithTheJavaTokenizer() {
        TestModels.loadLibraries();
        try (OnnxEmbedder embedder = OnnxEmbedder.openBuiltin("all-minilm-l6-v2", 128)) {
            assertThat(embedder.tokenizer()).isInstanceOf(BertWordPieceTokenizer.class);
        }
    }

    /** DJL truncates to at most 512 ids whatever the embedder asks for; the Java tokenizer keeps that cap. */
    @Test
    void aWindowLongerThanDjlsCapIsCutAtItsCapAsDjlCutsIt() {
        TestModels.loadLibraries();
        String text = "routing requests between models ".repeat(300);
        try (OnnxEmbedder embedder = OnnxEmbedder.openBuiltin("all-minilm-l6-v2", 1024);
                HuggingFaceTokenizer djl = MiniLmTokenizerJson.djl(MiniLmTokenizerJson.bytes(), 1024)) {
            EmbeddingWindow window = embedder.window(text);
            assertThat(window).isEqualTo(EmbeddingWindow.of(djl.encode(text)));
            assertThat(window.pieces()).isEqualTo(OnnxEmbedder.DJL_MODEL_MAX_LENGTH);
            assertThat(embedder.embed(window)).hasSize(384);
        }
    }

    /** From files, a tokenizer.json it reproduces gets the Java tokenizer; any other keeps DJL's, with DJL's ids. */
    @Test
    void anEmbedderFromFilesKeepsDjlsTokenizerForARefusedTokenizerJson(@TempDir Path dir) throws IOException {
        TestModels.loadLibraries();
        Path onnx = dir.resolve("minilm.onnx");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-q.onnx")) {
            Files.copy(in, onnx);
        }
        Path reproduced = Files.write(dir.resolve("reproduced.json"), MiniLmTokenizerJson.bytes());
        byte[] refusedJson = MiniLmTokenizerJson.edited(root -> ((ObjectNode) root.get("added_tokens").get(3))
                .put("lstrip", true));
        Path refused = Files.write(dir.resolve("refused.json"), refusedJson);
        String text = "Route this prompt [SEP] to a local model, s'il vous plaît.";

        try (OnnxEmbedder java = OnnxEmbedder.open(onnx, reproduced, 64);
                OnnxEmbedder djl = OnnxEmbedder.open(onnx, refused, 64);
                HuggingFaceTokenizer reference = MiniLmTokenizerJson.djl(refusedJson, 64)) {
            assertThat(java.tokenizer()).isInstanceOf(BertWordPieceTokenizer.class);
            assertThat(djl.tokenizer()).isInstanceOf(WindowedTokenizer.class);
            assertThat(djl.window(text)).isEqualTo(EmbeddingWindow.of(reference.encode(text)));
            assertThat(java.window(text)).as("lstrip moved the space before [SEP] into the token, no piece changed")
                    .isEqualTo(djl.window(text));
        }
    }
}
