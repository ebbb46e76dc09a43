package dev.gatehouse.natives;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of a HuggingFace {@code tokenizer.json} that {@link BertWordPieceTokenizer} reproduces, read only when the
 * file uses nothing else: normalizer {@code BertNormalizer}, pre-tokenizer {@code BertPreTokenizer}, model
 * {@code WordPiece}, post-processor {@code TemplateProcessing}, {@code BertProcessing} or none, and added tokens
 * matched on the raw text ({@code normalized}, {@code single_word}, {@code lstrip}, {@code rstrip} all false). An
 * unknown option counts as something else: it could change the ids, and the embedder then keeps DJL's tokenizer.
 * Of the file's own truncation only the direction counts (DJL keeps it while it sets the length and strategy; only
 * the right end is reproduced); its padding is not read, since the embedder asks DJL for none.
 *
 * @param stripAccents resolved: the file's {@code null} means "as {@code lowercase}"
 * @param prefixIds special ids before the text's pieces, with their type ids in {@code prefixTypes}
 * @param sequenceType the type id of the text's pieces
 * @param suffixIds special ids after the text's pieces, with their type ids in {@code suffixTypes}
 */
record BertTokenizerJson(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase,
        Map<String, Integer> vocab, int unkId, String continuingSubwordPrefix, int maxInputCharsPerWord,
        Map<String, Integer> addedTokens, long[] prefixIds, long[] prefixTypes, long sequenceType, long[] suffixIds,
        long[] suffixTypes) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NORMALIZER_KEYS =
            Set.of("type", "clean_text", "handle_chinese_chars", "strip_accents", "lowercase");
    private static final Set<String> MODEL_KEYS =
            Set.of("type", "unk_token", "continuing_subword_prefix", "max_input_chars_per_word", "vocab");
    private static final Set<String> ADDED_TOKEN_KEYS =
            Set.of("id", "content", "single_word", "lstrip", "rstrip", "normalized", "special");

    /**
     * The settings of {@code json}, or empty with every part that this tokenizer would not reproduce exactly added to
     * {@code refusals} (the file's key path and what it holds).
     */
    static Optional<BertTokenizerJson> read(byte[] json, List<String> refusals) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            refusals.add("not JSON: " + e.getMessage());
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            refusals.add("not a JSON object");
            return Optional.empty();
        }
        int before = refusals.size();
        JsonNode normalizer = root.path("normalizer");
        requireType(normalizer, "normalizer", "BertNormalizer", NORMALIZER_KEYS, refusals);
        requireType(root.path("pre_tokenizer"), "pre_tokenizer", "BertPreTokenizer", Set.of("type"), refusals);
        JsonNode model = root.path("model");
        requireType(model, "model", "WordPiece", MODEL_KEYS, refusals);
        if (refusals.size() > before) {
            return Optional.empty();
        }
        boolean lowercase = flag(normalizer, "lowercase", refusals);
        boolean cleanText = flag(normalizer, "clean_text", refusals);
        boolean chinese = flag(normalizer, "handle_chinese_chars", refusals);
        boolean stripAccents = normalizer.path("strip_accents").isNull() ? lowercase
                : flag(normalizer, "strip_accents", refusals);
        Map<String, Integer> vocab = idsByText(model.path("vocab"), "model.vocab", refusals);
        String unk = text(model, "unk_token", refusals);
        String prefix = text(model, "continuing_subword_prefix", refusals);
        JsonNode maxChars = model.path("max_input_chars_per_word");
        if (!maxChars.canConvertToInt() || maxChars.asInt() < 0) {
            refusals.add("model.max_input_chars_per_word: expected a count, was " + maxChars);
        }
        if (!vocab.containsKey(unk)) {
            refusals.add("model.unk_token: '" + unk + "' is not in the vocabulary");
        }
        JsonNode truncation = root.path("truncation");
        if (!truncation.isMissingNode() && !truncation.isNull()
                && !truncation.path("direction").asText("Right").equals("Right")) {
            refusals.add("truncation.direction: only Right is reproduced, was " + truncation.path("direction"));
        }
        Map<String, Integer> added = addedTokens(root.path("added_tokens"), refusals);
        Template template = template(root.path("post_processor"), refusals);
        if (refusals.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new BertTokenizerJson(cleanText, chinese, stripAccents, lowercase, vocab, vocab.get(unk),
                prefix, maxChars.asInt(), added, template.prefixIds, template.prefixTypes, template.sequenceType,
                template.suffixIds, template.suffixTypes));
    }

    /** Special ids added around the text's pieces. */
    int specialCount() {
        return prefixIds.length + suffixIds.length;
    }

    private static void requireType(JsonNode node, String path, String type, Set<String> keys,
            List<String> refusals) {
        if (!node.isObject() || !type.equals(node.path("type").asText())) {
            refusals.add(path + ": expected type " + type + ", was "
                    + (node.isObject() ? node.path("type").asText() : node.getNodeType().toString()));
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!keys.contains(name)) {
                refusals.add(path + "." + name + ": unknown option");
            }
        }
    }

    private static boolean flag(JsonNode node, String name, List<String> refusals) {
        JsonNode value = node.path(name);
        if (!value.isBoolean()) {
            refusals.add(name + ": expected true or false, was " + value);
        }
        return value.asBoolean();
    }

    private static String text(JsonNode node, String name, List<String> refusals) {
        JsonNode value = node.path(name);
        if (!value.isTextual()) {
            refusals.add(name + ": expected a string, was " + value);
        }
        return value.asText();
    }

    private static Map<String, Integer> idsByText(JsonNode vocab, String path, List<String> refusals) {
        Map<String, Integer> ids = new HashMap<>(vocab.size() * 2);
        long pooled = 0;
        for (Iterator<Map.Entry<String, JsonNode>> entries = vocab.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String piece = entry.getKey();
            if (!entry.getValue().canConvertToInt() || entry.getValue().asInt() < 0) {
                refusals.add(path + "." + piece + ": expected an id, was " + entry.getValue());
                return ids;
            }
            pooled += piece.length() + 2;
            if (piece.isEmpty() || piece.length() > WordPieceModel.MAX_PIECE_CHARS
                    || pooled > WordPieceModel.MAX_POOL_CHARS) {
                refusals.add(path + ": piece '" + piece.substring(0, Math.min(40, piece.length()))
                        + "' is empty, longer than " + WordPieceModel.MAX_PIECE_CHARS + " characters, or past "
                        + WordPieceModel.MAX_POOL_CHARS + " characters of pieces in all");
                return ids;
            }
            ids.put(piece, entry.getValue().asInt());
        }
        if (ids.isEmpty()) {
            refusals.add(path + ": expected a non-empty object of piece to id");
        }
        return ids;
    }

    /** Tokens the tokenizer finds in the raw text before normalising it, by content. */
    private static Map<String, Integer> addedTokens(JsonNode tokens, List<String> refusals) {
        Map<String, Integer> ids = new HashMap<>();
        if (tokens.isMissingNode() || tokens.isNull()) {
            return ids;
        }
        if (!tokens.isArray()) {
            refusals.add("added_tokens: expected a list, was " + tokens.getNodeType());
            return ids;
        }
        for (int i = 0; i < tokens.size(); i++) {
            JsonNode token = tokens.get(i);
            String path = "added_tokens[" + i + "]";
            for (Iterator<String> names = token.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!ADDED_TOKEN_KEYS.contains(name)) {
                    refusals.add(path + "." + name + ": unknown option");
                }
            }
            for (String option : List.of("normalized", "single_word", "lstrip", "rstrip")) {
                if (token.path(option).asBoolean(true)) {
                    refusals.add(path + "." + option + ": only false is reproduced, was " + token.path(option));
                }
            }
            if (!token.path("content").isTextual() || token.path("content").asText().isEmpty()
                    || !token.path("id").canConvertToInt()) {
                refusals.add(path + ": expected a non-empty content and an id");
                continue;
            }
            ids.put(token.path("content").asText(), token.path("id").asInt());
        }
        return ids;
    }

    private record Template(long[] prefixIds, long[] prefixTypes, long sequenceType, long[] suffixIds,
            long[] suffixTypes) {
    }

    /** What the post-processor adds around one sequence; {@code null} when it adds something else. */
    private static Template template(JsonNode processor, List<String> refusals) {
        if (processor.isMissingNode() || processor.isNull()) {
            return new Template(new long[0], new long[0], 0, new long[0], new long[0]);
        }
        String type = processor.path("type").asText();
        if (type.equals("BertProcessing")) {
            JsonNode cls = processor.path("cls");
            JsonNode sep = processor.path("sep");
            if (!cls.path(1).canConvertToInt() || !sep.path(1).canConvertToInt() || processor.size() != 3) {
                refusals.add("post_processor: expected BertProcessing with only cls and sep as [token, id]");
                return null;
            }
            return new Template(new long[] {cls.path(1).asInt()}, new long[] {0}, 0,
                    new long[] {sep.path(1).asInt()}, new long[] {0});
        }
        if (!type.equals("TemplateProcessing")) {
            refusals.add("post_processor: expected TemplateProcessing, BertProcessing or none, was " + type);
            return null;
        }
        List<Long> before = new ArrayList<>();
        List<Long> beforeTypes = new ArrayList<>();
        List<Long> after = new ArrayList<>();
        List<Long> afterTypes = new ArrayList<>();
        long sequenceType = -1;
        for (JsonNode piece : processor.path("single")) {
            if (piece.has("Sequence")) {
                JsonNode sequence = piece.path("Sequence");
                if (sequenceType >= 0 || !sequence.path("id").asText().equals("A")) {
                    refusals.add("post_processor.single: expected the sequence A once, was " + piece);
                    return null;
                }
                sequenceType = sequence.path("type_id").asLong();
            } else if (piece.has("SpecialToken")) {
                JsonNode special = piece.path("SpecialToken");
                JsonNode ids = processor.path("special_tokens").path(special.path("id").asText()).path("ids");
                if (!ids.isArray() || ids.isEmpty()) {
                    refusals.add("post_processor.special_tokens: no ids for " + special.path("id"));
                    return null;
                }
                for (JsonNode id : ids) {
                    (sequenceType < 0 ? before : after).add(id.asLong());
                    (sequenceType < 0 ? beforeTypes : afterTypes).add(special.path("type_id").asLong());
                }
            } else {
                refusals.add("post_processor.single: unknown piece " + piece);
                return null;
            }
        }
        if (sequenceType < 0) {
            refusals.add("post_processor.single: expected the sequence A, was " + processor.path("single"));
            return null;
        }
        return new Template(longs(before), longs(beforeTypes), sequenceType, longs(after), longs(afterTypes));
    }

    private static long[] longs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
