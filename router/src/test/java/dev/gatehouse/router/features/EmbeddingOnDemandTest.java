package dev.gatehouse.router.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.router.difficulty.DifficultyModel;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.privacy.SensitiveDataScanner;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real MiniLM and difficulty model, counted: the extractor embeds a prompt only when the decision can use it. */
class EmbeddingOnDemandTest {

    static MiniLmEmbedder miniLm;
    static final AtomicInteger embedded = new AtomicInteger();
    static TextEmbedder counted;
    static FeatureExtractor extractor;

    @BeforeAll
    static void open() {
        miniLm = MiniLmEmbedder.open();
        counted = new TextEmbedder() {
            @Override
            public float[] embed(String text) {
                embedded.incrementAndGet();
                return miniLm.embed(text);
            }

            @Override
            public int dimensions() {
                return miniLm.dimensions();
            }
        };
        extractor = new FeatureExtractor(counted, new SensitiveDataScanner(List.of(), List.of()),
                DifficultyModel.builtin(), TaskClassifier.build(PolicyReader.defaults().categories(), counted));
    }

    @AfterAll
    static void close() {
        miniLm.close();
    }

    static ChatInput ask(String text) {
        return new ChatInput(List.of(new ChatMessage(ChatMessage.Role.USER, text)), null, false, false, null,
                new RequestFeatures.Requested("r1", "openai/gpt-4o-mini", Priority.BALANCED, null));
    }

    @Test
    void aRequestWhoseDecisionCannotReadTheEmbeddingIsNotEmbedded() {
        int before = embedded.get();
        RequestFeatures f = extractor.extract(ask("Write a poem about a lighthouse keeper who talks to the gulls."), false);
        assertThat(embedded.get()).isEqualTo(before);
        assertThat(f.difficulty()).isEqualTo(0.5);
        assertThat(f.difficultyUnfamiliar()).isNull();
        assertThat(f.category()).isEqualTo("creative"); // the keyword rules still name it
    }

    @Test
    void aRequestWhoseDecisionCanReadItIsEmbeddedOnceForCategoryAndDifficulty() {
        int before = embedded.get();
        RequestFeatures f = extractor.extract(ask("What is the sum of the interior angles of a hexagon? Show the computation."),
                true);
        assertThat(embedded.get()).isEqualTo(before + 1);
        assertThat(f.category()).isEqualTo("math");
    }

    @Test
    void theCachedEmbedderEmbedsARepeatedPromptOnceAndGivesTheSameVector() {
        var cache = new CachedEmbedder(counted, 1 << 20, 1000);
        int before = embedded.get();
        float[] first = cache.embed("Translate 'good morning' into French.");
        float[] second = cache.embed("Translate 'good morning' into French.");
        assertThat(second).isSameAs(first);
        assertThat(embedded.get()).isEqualTo(before + 1);
        cache.embed("Translate 'good night' into French.");
        assertThat(embedded.get()).isEqualTo(before + 2);
    }

    @Test
    void aPromptLongerThanTheKeyLimitIsEmbeddedEachTimeAndNotKept() {
        var cache = new CachedEmbedder(counted, 1 << 20, 100);
        String longPrompt = "Summarise the following minutes. ".repeat(10);
        int before = embedded.get();
        cache.embed(longPrompt);
        cache.embed(longPrompt);
        assertThat(embedded.get()).isEqualTo(before + 2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void theCacheStaysWithinItsWeight() {
        // each entry weighs 2 × key chars + 384 × 4 + 16 bytes ≈ 1.6 KB: 8 KB holds about five
        var cache = new CachedEmbedder(counted, 8 * 1024, 1000);
        for (int i = 0; i < 40; i++) cache.embed("prompt number " + i);
        assertThat(cache.size()).isBetween(1L, 5L);
    }
}
