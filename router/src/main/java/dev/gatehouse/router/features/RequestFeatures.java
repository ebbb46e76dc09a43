package dev.gatehouse.router.features;

import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.Finding;
import java.util.List;
import java.util.Objects;

/**
 * Everything the decision knows about one request, and nothing of its text: counts, flags, the task category, the
 * difficulty score and the data class with the findings' positions. Built by {@link FeatureExtractor}; tests build
 * it by hand ({@link #of}) because the decision is a pure function of it.
 *
 * @param promptTokens        estimated prompt tokens (or the model's own count when {@code promptTokensExact})
 * @param turns               messages in the conversation
 * @param language            ISO 639-1 code, or {@code und} when unknown
 * @param maxTokens           requested completion budget, or null
 * @param contextDocuments    long pasted blocks (documents attached to the prompt)
 * @param contextChars        their total size in chars
 * @param categoryConfidence  margin of the chosen category over the runner-up (0..1)
 * @param difficulty          0 = any model answers it, 1 = only the strongest
 * @param difficultyUnfamiliar null, or why the difficulty model could not judge this prompt (difficulty is then 0.5)
 * @param dataClass           the class the decision must respect: declared, raised by detection
 * @param declaredDataClass   what the client or tenant declared, or null
 * @param embedding           the routing embedding of the last user message, or null when none was computed; kept
 *                            in memory for the learned router's forecast, never logged
 */
public record RequestFeatures(
        int promptTokens,
        boolean promptTokensExact,
        int turns,
        boolean hasCode,
        boolean hasMath,
        String language,
        Integer maxTokens,
        boolean structuredOutput,
        boolean toolsRequested,
        int contextDocuments,
        int contextChars,
        String category,
        double categoryConfidence,
        double difficulty,
        String difficultyUnfamiliar,
        DataClass dataClass,
        DataClass declaredDataClass,
        List<Finding> findings,
        Requested request,
        float[] embedding) {

    public RequestFeatures {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(dataClass, "dataClass");
        Objects.requireNonNull(request, "request");
        findings = List.copyOf(findings);
    }

    /** Features without an embedding. */
    public RequestFeatures(int promptTokens, boolean promptTokensExact, int turns, boolean hasCode, boolean hasMath,
            String language, Integer maxTokens, boolean structuredOutput, boolean toolsRequested, int contextDocuments,
            int contextChars, String category, double categoryConfidence, double difficulty,
            String difficultyUnfamiliar, DataClass dataClass, DataClass declaredDataClass, List<Finding> findings,
            Requested request) {
        this(promptTokens, promptTokensExact, turns, hasCode, hasMath, language, maxTokens, structuredOutput,
                toolsRequested, contextDocuments, contextChars, category, categoryConfidence, difficulty,
                difficultyUnfamiliar, dataClass, declaredDataClass, findings, request, null);
    }

    /**
     * What the request asked for, besides its text.
     *
     * @param id          request id, which the decision takes as its own id
     * @param pinnedModel a target id the client named, or null for {@code auto}
     * @param tenant      tenant resolved from the API key, or null when anonymous
     */
    public record Requested(String id, String pinnedModel, Priority priority, String tenant) {
        public Requested {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(priority, "priority");
        }
    }

    /** A plain request for tests and benchmarks: English text, no code, no findings, balanced, not pinned. */
    public static RequestFeatures of(String category, double difficulty, DataClass dataClass, int promptTokens) {
        return new RequestFeatures(promptTokens, false, 1, false, false, "en", null, false, false, 0, 0, category,
                0.5, difficulty, null, dataClass, null, List.of(), new Requested("test", null, Priority.BALANCED, null));
    }

    public RequestFeatures withRequest(Requested newRequest) {
        return new RequestFeatures(promptTokens, promptTokensExact, turns, hasCode, hasMath, language, maxTokens,
                structuredOutput, toolsRequested, contextDocuments, contextChars, category, categoryConfidence,
                difficulty, difficultyUnfamiliar, dataClass, declaredDataClass, findings, newRequest, embedding);
    }

    public RequestFeatures withPriority(Priority priority) {
        return withRequest(new Requested(request.id(), request.pinnedModel(), priority, request.tenant()));
    }

    public RequestFeatures pinnedTo(String model) {
        return withRequest(new Requested(request.id(), model, request.priority(), request.tenant()));
    }

    public RequestFeatures withTenant(String tenant) {
        return withRequest(new Requested(request.id(), request.pinnedModel(), request.priority(), tenant));
    }

    public RequestFeatures withDifficulty(double newDifficulty) {
        return new RequestFeatures(promptTokens, promptTokensExact, turns, hasCode, hasMath, language, maxTokens,
                structuredOutput, toolsRequested, contextDocuments, contextChars, category, categoryConfidence,
                newDifficulty, null, dataClass, declaredDataClass, findings, request, embedding);
    }

    /** The neutral difficulty a scorer gives a prompt it could not judge, with its reason. */
    public RequestFeatures withUnfamiliarDifficulty(String why) {
        return new RequestFeatures(promptTokens, promptTokensExact, turns, hasCode, hasMath, language, maxTokens,
                structuredOutput, toolsRequested, contextDocuments, contextChars, category, categoryConfidence,
                0.5, Objects.requireNonNull(why, "why"), dataClass, declaredDataClass, findings, request, embedding);
    }

    public RequestFeatures withFindings(DataClass newClass, List<Finding> newFindings) {
        return new RequestFeatures(promptTokens, promptTokensExact, turns, hasCode, hasMath, language, maxTokens,
                structuredOutput, toolsRequested, contextDocuments, contextChars, category, categoryConfidence,
                difficulty, difficultyUnfamiliar, newClass, declaredDataClass, newFindings, request, embedding);
    }

    /** The count from the model's own tokenizer, once the chat path has it (for the log; the decision is made). */
    public RequestFeatures withExactPromptTokens(int tokens) {
        return new RequestFeatures(tokens, true, turns, hasCode, hasMath, language, maxTokens, structuredOutput,
                toolsRequested, contextDocuments, contextChars, category, categoryConfidence, difficulty,
                difficultyUnfamiliar, dataClass, declaredDataClass, findings, request, embedding);
    }

    /**
     * Requests in one bucket are "similar" for hysteresis: same category, data class, priority, tenant and pin,
     * difficulty in the same third, prompt length in the same power of two. Noise inside a bucket must not flip the
     * target.
     */
    public String similarityBucket() {
        int difficultyBand = (int) Math.min(2, Math.floor(Math.max(0, difficulty) * 3));
        int lengthBand = 32 - Integer.numberOfLeadingZeros(Math.max(1, promptTokens) >> 6);
        return category + "|d" + difficultyBand + "|t" + lengthBand + "|" + dataClass.wireName() + "|"
                + request.priority().wireName() + "|" + (request.tenant() == null ? "-" : request.tenant()) + "|"
                + (request.pinnedModel() == null ? "auto" : request.pinnedModel());
    }
}
