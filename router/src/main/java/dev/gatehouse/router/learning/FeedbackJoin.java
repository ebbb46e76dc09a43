package dev.gatehouse.router.learning;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.router.decisionlog.DecisionLogFiles;
import dev.gatehouse.router.decisionlog.LogKey;
import dev.gatehouse.router.feedback.Feedback;
import dev.gatehouse.router.feedback.FeedbackLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The operator's labelled traffic: {@code feedback.jsonl} joined by decision id with the decision log in the same
 * folder, and with prompt text from the log line (only where the operator logged prompts) or from a prompts file
 * ({@link PromptTexts}). A score labels the target that served; a preferred target is labelled a success, and the
 * served one, when it differs and has no score, a failure.
 *
 * @param rows           judged decisions with text, oldest first
 * @param feedback       judgements in feedback.jsonl (the latest per decision)
 * @param withoutDecision judgements whose decision is not in the log (rotated away, or another log's)
 * @param withoutText    judged decisions with no prompt text to learn from
 * @param costs          each target's mean estimated cost per call in the joined decisions' rankings, for the
 *                       off-policy estimate
 */
public record FeedbackJoin(List<LabelledDecision> rows, int feedback, int withoutDecision, int withoutText,
        Map<String, Double> costs) {

    public FeedbackJoin {
        rows = List.copyOf(rows);
        costs = Map.copyOf(costs);
    }

    /**
     * @param prompts a prompts file, or null for the log's own text only
     * @param env     where {@code GATEHOUSE_LOG_KEY} is read, as the server reads it
     */
    public static FeedbackJoin read(Path logDir, Path prompts, Map<String, String> env) throws IOException {
        if (!Files.isDirectory(logDir)) throw new IllegalArgumentException("--feedback " + logDir + ": no such directory");
        Map<String, Feedback> judged = FeedbackLog.read(logDir);
        if (judged.isEmpty()) {
            throw new IllegalArgumentException("--feedback " + logDir + ": no " + FeedbackLog.FILE + " with judgements");
        }
        PromptTexts texts = prompts == null ? PromptTexts.NONE : PromptTexts.read(prompts, hasher(LogKey.resolve(env, logDir)));
        Map<String, JsonNode> lines = new HashMap<>();
        for (JsonNode line : DecisionLogFiles.read(logDir).lines()) {
            if (judged.containsKey(line.path("id").asText())) lines.put(line.path("id").asText(), line); // last line wins
        }
        List<LabelledDecision> rows = new ArrayList<>();
        int withoutDecision = 0, withoutText = 0;
        for (Feedback f : judged.values()) {
            JsonNode line = lines.get(f.decisionId());
            if (line == null) {
                withoutDecision++;
                continue;
            }
            String text = line.path("prompt").isTextual() ? line.get("prompt").asText()
                    : texts.byDecision().getOrDefault(f.decisionId(), texts.byHash().get(line.path("promptHmac").asText()));
            Map<String, Double> outcomes = outcomes(f, line);
            if (text == null) {
                withoutText++;
            } else if (!outcomes.isEmpty()) {
                rows.add(new LabelledDecision(f.decisionId(), line.path("ts").asText(), text, outcomes, served(line)));
            }
        }
        rows.sort(Comparator.comparing(LabelledDecision::at).thenComparing(LabelledDecision::decisionId));
        return new FeedbackJoin(rows, judged.size(), withoutDecision, withoutText, costs(lines.values()));
    }

    static Map<String, Double> outcomes(Feedback f, JsonNode line) {
        String served = servedTarget(line);
        Map<String, Double> outcomes = new HashMap<>();
        if (served != null && f.score() != null) outcomes.put(served, f.score());
        if (f.preferredTarget() != null) {
            outcomes.put(f.preferredTarget(), 1.0);
            if (served != null && !served.equals(f.preferredTarget()) && f.score() == null) outcomes.put(served, 0.0);
        }
        return outcomes;
    }

    /**
     * The served target and the probability the decision sent it there, from the line's {@code exploration}
     * ({@code policy.Exploration}); a line without one was decided with certainty (propensity 1). A fallback that
     * served after the chosen target failed followed the decision's path, so it carries the decision's propensity.
     */
    static LabelledDecision.Served served(JsonNode line) {
        String served = servedTarget(line);
        if (served == null) return null;
        JsonNode e = line.path("decision").path("exploration");
        if (!e.path("propensity").isNumber()) return LabelledDecision.Served.certain(served);
        List<String> among = new ArrayList<>();
        e.path("among").forEach(t -> among.add(t.asText()));
        String greedy = e.path("greedy").asText(served);
        boolean skipped = e.hasNonNull("skipped");
        return new LabelledDecision.Served(served, e.get("propensity").asDouble(), skipped ? 0 : e.path("share").asDouble(),
                greedy, skipped || among.isEmpty() ? List.of(greedy) : among);
    }

    private static String servedTarget(JsonNode line) {
        return line.path("outcome").path("servedBy").isTextual() ? line.get("outcome").get("servedBy").asText()
                : line.path("decision").path("target").isTextual() ? line.get("decision").get("target").asText() : null;
    }

    /** The decision log's keyed hash (HMAC-SHA256, lower-case hex), so supplied text joins the logged hash. */
    static java.util.function.UnaryOperator<String> hasher(byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
        return text -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(spec);
                return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is in every JDK", e);
            }
        };
    }

    /** Mean {@code costUsd} per target over the rankings of the decisions, as the decision estimated them. */
    static Map<String, Double> costs(java.util.Collection<JsonNode> lines) {
        Map<String, double[]> sums = new HashMap<>();
        for (JsonNode line : lines) {
            for (JsonNode s : line.path("decision").path("ranking")) {
                if (!s.path("target").isTextual() || !s.path("costUsd").isNumber()) continue;
                double[] sum = sums.computeIfAbsent(s.get("target").asText(), t -> new double[2]);
                sum[0] += s.get("costUsd").asDouble();
                sum[1]++;
            }
        }
        Map<String, Double> out = new HashMap<>();
        sums.forEach((t, sum) -> out.put(t, sum[0] / sum[1]));
        return out;
    }

    /** Target ids in the order first seen. */
    public List<String> targets() {
        var seen = new java.util.LinkedHashSet<String>();
        rows.forEach(r -> r.outcomes().keySet().stream().sorted().forEach(seen::add));
        return List.copyOf(seen);
    }
}
