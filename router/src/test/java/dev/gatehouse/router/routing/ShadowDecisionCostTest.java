package dev.gatehouse.router.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.rollout.Rollout;
import dev.gatehouse.router.rollout.Trial;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a shadow policy adds to a served request: one more pure decision over the features and capacity already at
 * hand. Measured against the same router without a shadow, best of several rounds (the machine is shared), and bounded
 * far above what one decision costs, so only a shadow that did real work again (extraction, I/O) would fail it.
 */
class ShadowDecisionCostTest {
    private static final String PROVIDERS = """
            providers:
              - {id: cloud, kind: openai, baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: KEY, models: [mini, large],
                 dataClasses: [public, internal], pricePer1kInput: 0.00015, pricePer1kOutput: 0.0006}
            """;
    private static final int CALLS = 2_000;

    static ModelPool pool;
    static RequestRouter router;
    static Policy shadow;
    static RequestFeatures features;

    @BeforeAll
    static void build() {
        pool = new ModelPool(new Manifest(List.of()), new PoolSettings(1, 8, Duration.ofSeconds(5), 2048),
                (spec, slots, context) -> {
                    throw new IllegalStateException("no local models in this test");
                });
        router = RouterSetup.build(PolicyReader.parse(PROVIDERS, "live", Map.of("KEY", "k")), "live", pool, 8, null,
                null, Clock.systemUTC());
        shadow = RouterSetup.joinPool(PolicyReader.parse(PROVIDERS + "floors: {default: 0.7}\n", "shadow",
                Map.of("KEY", "k")), "shadow", pool);
        features = router.features(RequestRouterEmbeddingTest.ask("Summarise the causes of the French Revolution.",
                null));
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    /** Nanoseconds per routed request, the best of five rounds of {@link #CALLS}. */
    private static double nanosPerRoute() {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < CALLS; i++) router.dryRun(features, "key-" + (i % 50), null);
            best = Math.min(best, (System.nanoTime() - start) / (double) CALLS);
        }
        return best;
    }

    @Test
    void aShadowAndARolloutAddOnlyADecisionToEachRequest() {
        router.startTrial(Trial.NONE);
        nanosPerRoute(); // warm-up
        double plain = nanosPerRoute();
        router.startTrial(new Trial(shadow, "shadow", new Rollout(0.5, "apiKey", Set.of(), Set.of(), "s"), false,
                shadow, "shadow"));
        nanosPerRoute();
        double tried = nanosPerRoute();
        assertThat(router.dryRun(features, "key-1", null).shadow()).isNotNull();
        router.startTrial(Trial.NONE);

        System.out.printf("route without trial: %.1f µs, with rollout (50%%) and shadow: %.1f µs (+%.1f µs)%n",
                plain / 1000, tried / 1000, (tried - plain) / 1000);
        assertThat(tried - plain).as("extra nanoseconds per request").isLessThan(1_000_000);
    }
}
