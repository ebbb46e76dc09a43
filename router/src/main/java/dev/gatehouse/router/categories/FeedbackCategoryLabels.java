package dev.gatehouse.router.categories;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.router.decisionlog.DecisionLogFiles;
import dev.gatehouse.router.feedback.Feedback;
import dev.gatehouse.router.feedback.FeedbackLog;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Category labels given as feedback ({@code POST /v1/feedback} with {@code "label": "category:reasoning"}) turned
 * into examples. The decision log keeps no prompt text, only an HMAC of it under the log's key; the operator brings
 * the texts (from their application's own records), and a text whose HMAC matches a labelled decision becomes an
 * example of that category. Nothing is learned about a prompt the operator does not hold.
 */
public final class FeedbackCategoryLabels {
    /** The label prefix that names a category: {@code category:<name>}. */
    public static final String PREFIX = "category:";

    /** @param unmatched labelled decisions none of the given texts belongs to */
    public record Result(List<Labelled> examples, int labels, int unmatched) {}

    public record Labelled(String category, String prompt, String decisionId) {}

    private FeedbackCategoryLabels() {}

    /**
     * @param logDir  the decision log folder, which holds {@code feedback.jsonl}
     * @param logKey  the decision log's HMAC key ({@code LogKey.resolve})
     * @param prompts candidate texts: the whole conversation as sent, messages joined by a newline (what the log
     *                hashes); for a one-message request, that message
     */
    public static Result match(java.nio.file.Path logDir, byte[] logKey, List<String> prompts) {
        Map<String, String> categoryByDecision = new HashMap<>();
        for (Feedback f : FeedbackLog.read(logDir).values()) {
            String label = f.label();
            if (label != null && label.startsWith(PREFIX) && label.length() > PREFIX.length()) {
                categoryByDecision.put(f.decisionId(), label.substring(PREFIX.length()).strip());
            }
        }
        Map<String, String> categoryByHmac = new HashMap<>();
        Map<String, String> decisionByHmac = new HashMap<>();
        for (JsonNode line : DecisionLogFiles.read(logDir).lines()) {
            String category = categoryByDecision.get(line.path("id").asText());
            if (category != null && line.hasNonNull("promptHmac")) {
                categoryByHmac.put(line.get("promptHmac").asText(), category);
                decisionByHmac.put(line.get("promptHmac").asText(), line.path("id").asText());
            }
        }
        SecretKeySpec key = new SecretKeySpec(logKey, "HmacSHA256");
        List<Labelled> examples = new ArrayList<>();
        java.util.Set<String> matched = new java.util.HashSet<>();
        for (String prompt : prompts) {
            String hmac = hmac(key, prompt);
            String category = categoryByHmac.get(hmac);
            if (category != null && matched.add(hmac)) {
                examples.add(new Labelled(category, prompt, decisionByHmac.get(hmac)));
            }
        }
        return new Result(examples, categoryByDecision.size(), categoryByHmac.size() - matched.size());
    }

    /** The decision log's prompt hash: HMAC-SHA256, lower-case hex (as {@code DecisionLog.hash}). */
    private static String hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is in every JDK", e);
        }
    }
}
