package dev.gatehouse.natives;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * MiniLM's {@code tokenizer.json} from the langchain4j jar (no ../shared needed), edited variants of it, and both
 * tokenizers opened on the same bytes with the embedder's options.
 */
final class MiniLmTokenizerJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MiniLmTokenizerJson() {
    }

    static byte[] bytes() {
        try (InputStream in = MiniLmTokenizerJson.class.getClassLoader()
                .getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file after {@code edit} changed its JSON tree. */
    static byte[] edited(Consumer<ObjectNode> edit) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(bytes());
            edit.accept(root);
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** DJL's HuggingFace tokenizer as {@link OnnxEmbedder} opens it: truncating to {@code maxLength}, no padding. */
    static HuggingFaceTokenizer djl(byte[] json, int maxLength) {
        try {
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), Map.of("truncation", "true",
                    "padding", "false", "maxLength", Integer.toString(maxLength)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Java tokenizer; fails the test when it refuses {@code json}. */
    static BertWordPieceTokenizer java(byte[] json, int maxLength) {
        List<String> refusals = new ArrayList<>();
        return BertWordPieceTokenizer.forJson(json, maxLength, refusals)
                .orElseThrow(() -> new AssertionError("refused: " + refusals));
    }

    /** A text short enough to name in a failure message. */
    static String shown(String text) {
        String escaped = text.codePoints().limit(120)
                .mapToObj(c -> c >= 0x20 && c < 0x7F ? Character.toString(c) : String.format("\\u{%X}", c))
                .reduce("", String::concat);
        return text.length() > 120 ? escaped + "… (" + text.length() + " chars)" : escaped;
    }
}
