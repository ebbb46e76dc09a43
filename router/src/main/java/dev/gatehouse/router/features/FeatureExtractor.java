package dev.gatehouse.router.features;

import dev.gatehouse.router.difficulty.DifficultyScorer;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.PrivacyReport;
import dev.gatehouse.router.privacy.PrivacyScanner;
import java.util.Objects;

/**
 * Turns a chat request into {@link RequestFeatures}. The embedding of the last user message is computed once here,
 * only when the decision can read what comes of it, and shared by the task classifier and the difficulty scorer; the
 * category and difficulty are remembered per prompt ({@link SemanticFeatureCache}). The privacy scanner reads the
 * whole conversation on every request, since all of it would leave the building.
 */
public final class FeatureExtractor {


    private final TextEmbedder embedder;
    private final PrivacyScanner scanner;
    private final DifficultyScorer difficulty;
    private final TaskClassifier classifier;
    private final SemanticFeatureCache semanticCache;
    /**
     * The same per prompt when the decision cannot read them (a pinned model): the keyword category and the
     * scorer's unfamiliarity note are pure functions of the key too, and cost a pass over the prompt and formatted
     * text on every request. Kept apart from {@link #semanticCache}: one key, different values.
     */
    private final SemanticFeatureCache unembeddedCache;

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
        this.semanticCache = new SemanticFeatureCache(SemanticFeatureCache.DEFAULT_MAX_BYTES,
                SemanticFeatureCache.MAX_KEY_CHARS);
        this.unembeddedCache = new SemanticFeatureCache(SemanticFeatureCache.DEFAULT_MAX_BYTES / 4,
                SemanticFeatureCache.MAX_KEY_CHARS);
    }

    /** Every feature, the embedding-based ones included. */
    public RequestFeatures extract(ChatInput input) {
        return extract(input, true);
    }

    /**
     * @param embeddingNeeded false when the decision cannot read the category or the difficulty of this request
     *                        (policy.EmbeddingNeed): the category then comes from the keyword rules and the difficulty
     *                        is the neutral 0.5 (with the scorer's unfamiliarity note), and the embedding, most of the
     *                        cost of this method, is skipped
     */
    public RequestFeatures extract(ChatInput input, boolean embeddingNeeded) {
        String task = input.lastUserText();
        String conversation = input.conversationText();
        ContentSignals signals = ContentSignals.of(conversation);
        var key = new SemanticFeatureCache.Key(task, signals.hasCode(), signals.hasMath());
        var semantic = embedder == null ? semantic(key, null)
                : !embeddingNeeded ? unembeddedCache.get(key,
                        k -> new SemanticFeatureCache.Semantic(classify(k, null), notAssessed(k.task()), null))
                : semanticCache.get(key, k -> semantic(k, embedder.embed(k.task())));
        CategoryGuess category = semantic.category();
        var assessed = semantic.difficulty();
        PrivacyReport privacy = scanner.scan(conversation);
        DataClass declared = input.declaredDataClass();
        DataClass dataClass = declared == null ? privacy.dataClass() : privacy.dataClass().atLeast(declared);
        return new RequestFeatures(signals.estimatedTokens(), false, input.messages().size(), signals.hasCode(),
                signals.hasMath(), LanguageGuess.of(task), input.maxTokens(), input.structuredOutput(),
                input.toolsRequested(), signals.contextDocuments(), signals.contextChars(), category.category(),
                category.confidence(), Math.clamp(assessed.difficulty(), 0.0, 1.0), assessed.unfamiliar(),
                dataClass, declared, privacy.findings(), input.request(), semantic.embedding());
    }

    /**
     * The difficulty of a request whose decision cannot read it: the middle, as without an embedder, with the
     * scorer's reason when the prompt is unlike its training data (that needs no embedding, and explains the 0.5).
     */
    private DifficultyScorer.Assessment notAssessed(String task) {
        return new DifficultyScorer.Assessment(0.5, 0.5, difficulty.unfamiliar(task));
    }

    private SemanticFeatureCache.Semantic semantic(SemanticFeatureCache.Key key, float[] embedding) {
        return new SemanticFeatureCache.Semantic(classify(key, embedding), difficulty.assess(key.task(), embedding),
                embedding);
    }

    private CategoryGuess classify(SemanticFeatureCache.Key key, float[] embedding) {
        return classifier.classify(key.task(), embedding, key.hasCode(), key.hasMath());
    }
}
