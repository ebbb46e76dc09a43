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
        // a chat prompt, unlike the shipped model's four-option questions: the reason needs no embedding and stays
        assertThat(f.difficultyUnfamiliar()).contains("unlike the difficulty model's training data");
        assertThat(f.category()).isEqualTo("creative"); // the keyword rules still name it
    }

    @Test
    void aPromptFirstSeenWithoutTheEmbeddingIsEmbeddedWhenALaterDecisionCanReadIt() {
        String text = "Write a limerick about a ferry that is always late.";
        int before = embedded.get();
        RequestFeatures pinned = extractor.extract(ask(text), false);
        RequestFeatures pinnedAgain = extractor.extract(ask(text), false);
        assertThat(pinnedAgain.category()).isEqualTo(pinned.category());
        assertThat(pinnedAgain.difficultyUnfamiliar()).isEqualTo(pinned.difficultyUnfamiliar());
        assertThat(embedded.get()).isEqualTo(before);
        extractor.extract(ask(text), true); // not answered from what the unembedded request kept
        assertThat(embedded.get()).isEqualTo(before + 1);
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
    void aRepeatedPromptIsEmbeddedOnceAndGetsTheSameFeatures() {
        int before = embedded.get();
        RequestFeatures first = extractor.extract(ask("Translate 'good morning' into French, please."), true);
        RequestFeatures second = extractor.extract(ask("Translate 'good morning' into French, please."), true);
        assertThat(embedded.get()).isEqualTo(before + 1);
        assertThat(second.category()).isEqualTo(first.category());
        assertThat(second.difficulty()).isEqualTo(first.difficulty());
        extractor.extract(ask("Translate 'good night' into French, please."), true);
        assertThat(embedded.get()).isEqualTo(before + 2);
    }

    @Test
    void theSameTaskWithCodeElsewhereInTheConversationIsClassifiedAgain() {
        int before = embedded.get();
        String task = "What does this do? Explain it simply.";
        extractor.extract(ask(task), true);
        var withCode = new ChatInput(List.of(new ChatMessage(ChatMessage.Role.SYSTEM, "```\ndef f(x):\n    return x\n```"),
                new ChatMessage(ChatMessage.Role.USER, task)), null, false, false, null,
                new RequestFeatures.Requested("r2", null, Priority.BALANCED, null));
        extractor.extract(withCode, true);
        assertThat(embedded.get()).isEqualTo(before + 2);
    }

    @Test
    void aTaskLongerThanTheKeyLimitIsComputedEachTimeAndNotKept() {
        var cache = new SemanticFeatureCache(1 << 20, 100);
        var computed = new AtomicInteger();
        var key = new SemanticFeatureCache.Key("Summarise the following minutes. ".repeat(10), false, false);
        for (int i = 0; i < 2; i++) {
            cache.get(key, k -> {
                computed.incrementAndGet();
                return new SemanticFeatureCache.Semantic(new CategoryGuess("summarization", 0.5, true), null);
            });
        }
        assertThat(computed.get()).isEqualTo(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void theCacheStaysWithinItsWeight() {
        // each entry weighs 2 x key chars + 160 bytes, about 190: 2 KB holds about ten
        var cache = new SemanticFeatureCache(2 * 1024, 1000);
        for (int i = 0; i < 100; i++) {
            cache.get(new SemanticFeatureCache.Key("prompt number " + i, false, false),
                    k -> new SemanticFeatureCache.Semantic(new CategoryGuess("general", 0, false), null));
        }
        assertThat(cache.size()).isBetween(1L, 11L);
    }
}
