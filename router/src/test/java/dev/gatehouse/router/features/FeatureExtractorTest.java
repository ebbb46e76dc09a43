package dev.gatehouse.router.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.Finding;
import dev.gatehouse.router.privacy.PrivacyReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cheap features, with a scanner and scorer of our own (the rules-only path: no embedder). */
class FeatureExtractorTest {

    final List<String> scanned = new ArrayList<>();
    final FeatureExtractor extractor = new FeatureExtractor(null,
            text -> {
                scanned.add(text);
                int at = text.indexOf("4111");
                return at < 0 ? new PrivacyReport(DataClass.PUBLIC, List.of())
                        : new PrivacyReport(DataClass.RESTRICTED, List.of(new Finding("CREDIT_CARD", at, at + 19, 1)));
            },
            (prompt, embedding) -> prompt.length() > 100 ? 0.9 : 0.1,
            TaskClassifier.build(PolicyReader.defaults().categories(), null));

    static ChatInput input(DataClass declared, ChatMessage... messages) {
        return new ChatInput(List.of(messages), 64, true, false, declared,
                new RequestFeatures.Requested("r1", null, Priority.BALANCED, null));
    }

    static ChatMessage user(String text) {
        return new ChatMessage(ChatMessage.Role.USER, text);
    }

    @Test
    void codeAndItsCategoryAreDetected() {
        RequestFeatures f = extractor.extract(input(null, user("Fix this python function:\n```\ndef f(x):\n"
                + "    return x +\n```")));
        assertThat(f.hasCode()).isTrue();
        assertThat(f.category()).isEqualTo("coding");
        assertThat(f.maxTokens()).isEqualTo(64);
        assertThat(f.structuredOutput()).isTrue();
        assertThat(f.language()).isEqualTo("en");
    }

    @Test
    void mathIsDetectedFromFormulas() {
        RequestFeatures f = extractor.extract(input(null, user("Solve 3x + 7 = 22 for x")));
        assertThat(f.hasMath()).isTrue();
        assertThat(f.category()).isEqualTo("math");
    }

    @Test
    void detectionRaisesTheDeclaredClassAndTheWholeConversationIsScanned() {
        RequestFeatures f = extractor.extract(input(DataClass.INTERNAL,
                new ChatMessage(ChatMessage.Role.SYSTEM, "You are a helpful assistant."),
                user("my card is 4111 1111 1111 1111")));
        assertThat(f.dataClass()).isEqualTo(DataClass.RESTRICTED);
        assertThat(f.declaredDataClass()).isEqualTo(DataClass.INTERNAL);
        assertThat(f.findings()).extracting(Finding::type).containsExactly("CREDIT_CARD");
        assertThat(scanned.getFirst()).startsWith("You are a helpful assistant.\nmy card");
        assertThat(f.turns()).isEqualTo(2);
    }

    @Test
    void detectionNeverLowersADeclaredClass() {
        RequestFeatures f = extractor.extract(input(DataClass.CONFIDENTIAL, user("hello there")));
        assertThat(f.dataClass()).isEqualTo(DataClass.CONFIDENTIAL);
    }

    @Test
    void aLongPastedBlockCountsAsAContextDocument() {
        String doc = "The committee met on Tuesday. ".repeat(60);
        RequestFeatures f = extractor.extract(input(null, user("Summarize this:\n\n" + doc + "\n\nThanks")));
        assertThat(f.contextDocuments()).isEqualTo(1);
        assertThat(f.contextChars()).isGreaterThanOrEqualTo(doc.length() - 2);
        assertThat(f.category()).isEqualTo("summarization");
        assertThat(f.difficulty()).isEqualTo(0.9);
        assertThat(f.promptTokens()).isBetween(doc.length() / 6, doc.length() / 3);
    }

    @Test
    void languageComesFromScriptAndStopWords() {
        assertThat(LanguageGuess.of("Wie spät ist es und wo ist der Bahnhof?")).isEqualTo("de");
        assertThat(LanguageGuess.of("Quelle est la capitale de la France et pourquoi?")).isEqualTo("fr");
        assertThat(LanguageGuess.of("Напиши функцию на Python")).isEqualTo("ru");
        assertThat(LanguageGuess.of("请写一首关于秋天的诗")).isEqualTo("zh");
        assertThat(LanguageGuess.of("秋についての俳句を書いてください")).isEqualTo("ja");
        assertThat(LanguageGuess.of("12345 !!!")).isEqualTo("und");
    }

    @Test
    void theSimilarityBucketIgnoresSmallChangesButNotTheDataClass() {
        RequestFeatures a = RequestFeatures.of("coding", 0.50, DataClass.PUBLIC, 200);
        RequestFeatures b = RequestFeatures.of("coding", 0.55, DataClass.PUBLIC, 230);
        RequestFeatures c = RequestFeatures.of("coding", 0.50, DataClass.RESTRICTED, 200);
        assertThat(a.similarityBucket()).isEqualTo(b.similarityBucket()).isNotEqualTo(c.similarityBucket());
    }

    @Test
    void aPromptTheScorerCouldNotJudgeCarriesItsReasonIntoTheFeatures() {
        var cautious = new FeatureExtractor(null, text -> new PrivacyReport(DataClass.PUBLIC, List.of()),
                new dev.gatehouse.router.difficulty.DifficultyScorer() {
                    @Override
                    public double score(String prompt, float[] embedding) {
                        return 0.97;
                    }

                    @Override
                    public Assessment assess(String prompt, float[] embedding) {
                        return new Assessment(0.97, 0.5, "prompt unlike the training data");
                    }
                },
                TaskClassifier.build(PolicyReader.defaults().categories(), null));

        RequestFeatures f = cautious.extract(input(null, user("hi there")));

        assertThat(f.difficulty()).isEqualTo(0.5);
        assertThat(f.difficultyUnfamiliar()).isEqualTo("prompt unlike the training data");
    }
}
