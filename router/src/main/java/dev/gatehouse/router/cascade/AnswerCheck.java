package dev.gatehouse.router.cascade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One check of a local answer, as a value: the policy lists them, {@link QualityGate} runs them in order. Each
 * returns empty when the answer passes, or a sentence saying why it does not.
 */
public sealed interface AnswerCheck {

    /** Short name for the decision log, e.g. {@code valid_json}. */
    String name();

    Optional<String> failure(CandidateAnswer answer);

    /**
     * Why this check could not judge the answer (it lacks an input the engine did not give), or empty when it
     * could. A check that could not run does not fail the answer, and the gate says it did not run.
     */
    default Optional<String> notRun(CandidateAnswer answer) {
        return Optional.empty();
    }

    /** Something other than whitespace. */
    record NonEmpty() implements AnswerCheck {
        public String name() { return "non_empty"; }

        public Optional<String> failure(CandidateAnswer answer) {
            return answer.text().isBlank() ? Optional.of("the answer is empty") : Optional.empty();
        }
    }

    /** Not a refusal: none of the phrases (case-insensitive) within the first {@code window} characters. */
    record NotRefusal(List<String> phrases, int window) implements AnswerCheck {
        public static final List<String> DEFAULT_PHRASES = List.of("i can't help", "i cannot help", "i can't assist",
                "i cannot assist", "i'm sorry, but i can", "i am sorry, but i can", "i'm unable to", "i am unable to",
                "as an ai language model", "i won't be able to", "i do not have the ability", "i'm not able to");

        public NotRefusal {
            phrases = phrases.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
        }

        public static NotRefusal defaults() {
            return new NotRefusal(DEFAULT_PHRASES, 200);
        }

        public String name() { return "not_refusal"; }

        public Optional<String> failure(CandidateAnswer answer) {
            String head = answer.text().substring(0, Math.min(window, answer.text().length()))
                    .toLowerCase(Locale.ROOT).replace('’', '\'');
            return phrases.stream().filter(head::contains).findFirst()
                    .map(p -> "the answer reads as a refusal (\"" + p + "\")");
        }
    }

    /** Length in characters within [min, max]; an answer cut off at max_tokens fails too when {@code rejectCut}. */
    record LengthWithin(int minChars, int maxChars, boolean rejectCut) implements AnswerCheck {
        public String name() { return "length"; }

        public Optional<String> failure(CandidateAnswer answer) {
            int n = answer.text().strip().length();
            if (n < minChars) return Optional.of("the answer has " + n + " characters, fewer than " + minChars);
            if (n > maxChars) return Optional.of("the answer has " + n + " characters, more than " + maxChars);
            if (rejectCut && answer.finishReason() == dev.gatehouse.inference.FinishReason.LENGTH) {
                return Optional.of("the answer was cut off at max_tokens");
            }
            return Optional.empty();
        }
    }

    /**
     * The answer is one JSON value (a surrounding markdown code fence is allowed) and, when a schema is given,
     * matches it in the common subset: type, required, properties, items, enum, additionalProperties: false.
     */
    record ValidJson(JsonNode schema) implements AnswerCheck {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        public String name() { return "valid_json"; }

        public Optional<String> failure(CandidateAnswer answer) {
            JsonNode value;
            try {
                value = MAPPER.readTree(stripFence(answer.text()));
            } catch (java.io.IOException e) {
                return Optional.of("the answer is not valid JSON");
            }
            if (value == null || value.isMissingNode()) {
                return Optional.of("the answer is not valid JSON (empty)");
            }
            return schema == null ? Optional.empty() : SchemaSubset.violation(schema, value, "$");
        }

        static String stripFence(String text) {
            String t = text.strip();
            if (t.startsWith("```") && t.endsWith("```") && t.length() >= 6) {
                int firstLine = t.indexOf('\n');
                return firstLine < 0 ? "" : t.substring(firstLine + 1, t.length() - 3);
            }
            return t;
        }
    }

    /**
     * The model was confident: the mean token log-probability is at least {@code minMeanLogprob} (e.g. -1.0 ≈ a
     * geometric-mean token probability of 0.37) and no token's is below {@code minTokenLogprob} (negative infinity
     * = no such limit). An engine that gives no log-probabilities (java-llama.cpp) leaves the check unable to run,
     * which {@link #notRun} says instead of passing it silently.
     */
    record Confident(double minMeanLogprob, double minTokenLogprob) implements AnswerCheck {
        public Confident(double minMeanLogprob) {
            this(minMeanLogprob, Double.NEGATIVE_INFINITY);
        }

        public String name() { return "confidence"; }

        public Optional<String> notRun(CandidateAnswer answer) {
            List<Double> lp = answer.tokenLogprobs();
            return lp == null || lp.isEmpty() ? Optional.of("the engine gave no token log-probabilities")
                    : Optional.empty();
        }

        public Optional<String> failure(CandidateAnswer answer) {
            if (notRun(answer).isPresent()) return Optional.empty();
            List<Double> lp = answer.tokenLogprobs();
            double mean = lp.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            if (mean < minMeanLogprob) {
                return Optional.of(String.format(Locale.ROOT, "mean token log-probability %.3f is below %.3f",
                        mean, minMeanLogprob));
            }
            double least = lp.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            return least < minTokenLogprob ? Optional.of(String.format(Locale.ROOT,
                    "a token's log-probability %.3f is below %.3f", least, minTokenLogprob)) : Optional.empty();
        }
    }
}
