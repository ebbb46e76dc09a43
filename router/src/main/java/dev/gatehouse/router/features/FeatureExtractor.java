package dev.gatehouse.router.features;

import dev.gatehouse.router.difficulty.DifficultyScorer;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.PrivacyReport;
import dev.gatehouse.router.privacy.PrivacyScanner;
import java.util.Objects;

/**
 * Turns a chat request into {@link RequestFeatures}. The embedding of the last user message is computed once here
 * and shared by the task classifier and the difficulty scorer; the privacy scanner reads the whole conversation,
 * since all of it would leave the building.
 */
public final class FeatureExtractor {

    /** The difficulty of a request whose decision cannot read it: the middle, as without an embedder. */
    private static final DifficultyScorer.Assessment NOT_ASSESSED = new DifficultyScorer.Assessment(0.5, 0.5, null);

    private final TextEmbedder embedder;
    private final PrivacyScanner scanner;
    private final DifficultyScorer difficulty;
    private final TaskClassifier classifier;

    /**
     * @param embedder null for the rules-only path (no embedding: category from keyword rules, difficulty scored
     *                 without one)
     */
    public FeatureExtractor(TextEmbedder embedder, PrivacyScanner scanner, DifficultyScorer difficulty,
            TaskClassifier classifier) {
        this.embedder = embedder;
        this.scanner = Objects.requireNonNull(scanner, "scanner");
        this.difficulty = Objects.requireNonNull(difficulty, "difficulty");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
    }

    /** Every feature, the embedding-based ones included. */
    public RequestFeatures extract(ChatInput input) {
        return extract(input, true);
    }

    /**
     * @param embeddingNeeded false when the decision cannot read the category or the difficulty of this request
     *                        (policy.EmbeddingNeed): the category then comes from the keyword rules and the difficulty
     *                        is the neutral 0.5, and the embedding, most of the cost of this method, is skipped
     */
    public RequestFeatures extract(ChatInput input, boolean embeddingNeeded) {
        String task = input.lastUserText();
        String conversation = input.conversationText();
        ContentSignals signals = ContentSignals.of(conversation);
        float[] embedding = embedder == null || !embeddingNeeded ? null : embedder.embed(task);
        CategoryGuess category = classifier.classify(task, embedding, signals.hasCode(), signals.hasMath());
        var assessed = embedder != null && !embeddingNeeded ? NOT_ASSESSED : difficulty.assess(task, embedding);
        PrivacyReport privacy = scanner.scan(conversation);
        DataClass declared = input.declaredDataClass();
        DataClass dataClass = declared == null ? privacy.dataClass() : privacy.dataClass().atLeast(declared);
        return new RequestFeatures(signals.estimatedTokens(), false, input.messages().size(), signals.hasCode(),
                signals.hasMath(), LanguageGuess.of(task), input.maxTokens(), input.structuredOutput(),
                input.toolsRequested(), signals.contextDocuments(), signals.contextChars(), category.category(),
                category.confidence(), Math.clamp(assessed.difficulty(), 0.0, 1.0), assessed.unfamiliar(),
                dataClass, declared, privacy.findings(), input.request());
    }
}
