package dev.gatehouse.router.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.features.ChatInput;
import dev.gatehouse.router.features.MiniLmEmbedder;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.features.TextEmbedder;
import dev.gatehouse.router.policy.PolicyReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The router as serve builds it (real MiniLM, counted beneath the router's cache) with two provider models: a request
 * pinned to one of them is not embedded, an {@code auto} one is, and once per distinct prompt.
 */
class RequestRouterEmbeddingTest {

    static MiniLmEmbedder miniLm;
    static ModelPool pool;
    static RequestRouter router;
    static final AtomicInteger embedded = new AtomicInteger();

    @BeforeAll
    static void build() {
        miniLm = MiniLmEmbedder.open();
        TextEmbedder counted = new TextEmbedder() {
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
        pool = new ModelPool(new Manifest(List.of()), new PoolSettings(1, 8, Duration.ofSeconds(5), 2048),
                (spec, slots, context) -> {
                    throw new IllegalStateException("no local models in this test");
                });
        var policy = PolicyReader.parse("""
                providers:
                  - {id: cloud, kind: openai, baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: KEY, models: [mini, large],
                     dataClasses: [public, internal], pricePer1kInput: 0.00015, pricePer1kOutput: 0.0006}
                """, "test policy", Map.of("KEY", "k"));
        router = RouterSetup.build(policy, "test policy", pool, 8, counted, null, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        pool.close();
        miniLm.close();
    }

    static ChatInput ask(String text, String pin) {
        return new ChatInput(List.of(new ChatMessage(ChatMessage.Role.USER, text)), null, false, false, null,
                new RequestFeatures.Requested("r", pin, Priority.BALANCED, null));
    }

    @Test
    void aRequestPinnedToAProviderModelIsNotEmbedded() {
        int before = embedded.get();
        router.features(ask("Explain the difference between TCP and UDP in two paragraphs.", "cloud/mini"));
        assertThat(embedded.get()).isEqualTo(before);
    }

    @Test
    void anAutoRequestIsEmbeddedOncePerDistinctPrompt() {
        int before = embedded.get();
        router.features(ask("Write a haiku about rain on a tin roof.", null));
        router.features(ask("Write a haiku about rain on a tin roof.", null));
        assertThat(embedded.get()).isEqualTo(before + 1);
        router.features(ask("Write a haiku about snow on a pine.", null));
        assertThat(embedded.get()).isEqualTo(before + 2);
    }
}
