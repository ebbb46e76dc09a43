package dev.gatehouse.router.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.privacy.DataClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learnedRouter: key as the policy reads it, and what it asks of the request path. */
class LearnedRouterPolicyTest {
    private static final String TARGETS = """
            targets:
              - {id: small, local: true, tier: small, quality: {default: 0.3}}
              - {id: big, local: true, tier: large, quality: {default: 0.9}}
            """;

    @TempDir
    Path dir;

    @Test
    void theArtifactPathIsResolvedAgainstThePolicyFilesFolderAndTheBarIsKept() throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, TARGETS + "learnedRouter: {artifact: routers/next.json, successBar: 0.8}\n");

        LearnedRouter read = PolicyReader.read(file).learnedRouter();

        assertThat(read.artifact()).isEqualTo(dir.resolve("routers/next.json"));
        assertThat(read.successBar()).isEqualTo(0.8);
        assertThat(read.loaded()).as("the policy package only reads the section; serving loads it").isFalse();
    }

    @Test
    void withoutABarTheArtifactsOwnBarIsUsed() {
        var read = PolicyReader.parse(TARGETS + "learnedRouter: {artifact: r.json}\n", "p").learnedRouter();
        assertThat(read.successBar()).isNaN();
    }

    @Test
    void everyBrokenSettingIsNamedWithItsKey() {
        assertThatThrownBy(() -> PolicyReader.parse(TARGETS + "learnedRouter: {successBar: 1.5, k: 3}\n", "p"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations().stream()
                        .map(v -> v.key()).toList()).containsExactlyInAnyOrder("learnedRouter.k",
                        "learnedRouter.successBar", "learnedRouter.artifact"));
    }

    @Test
    void anAutoRequestNeedsTheEmbeddingWhenThePolicyHasALearnedRouter() {
        Policy withRouter = PolicyReader.parse(TARGETS + "learnedRouter: {artifact: r.json}\n", "p");
        Policy pinnedOnly = PolicyReader.parse(TARGETS.lines().limit(2).reduce("", (a, b) -> a + b + "\n")
                + "learnedRouter: {artifact: r.json}\n", "p");

        assertThat(EmbeddingNeed.of(withRouter, null).needed()).isTrue();
        assertThat(EmbeddingNeed.of(withRouter, null).why()).contains("learnedRouter");
        assertThat(EmbeddingNeed.of(pinnedOnly, null).needed()).as("one target: nothing to forecast between")
                .isFalse();
    }

    @Test
    void theForecastIsTheLoadedPredictorsAndNoneWithoutAnEmbedding() {
        var forecast = new SuccessForecast(Map.of("small", 0.9, "big", 0.95), 0.7, "test");
        Policy policy = PolicyReader.parse(TARGETS + "learnedRouter: {artifact: r.json}\n", "p");
        Policy loaded = policy.withLearnedRouter(policy.learnedRouter().loadedAs(embedding -> forecast));
        RequestFeatures plain = RequestFeatures.of("general", 0.5, DataClass.PUBLIC, 10);
        RequestFeatures embedded = new RequestFeatures(10, false, 1, false, false, "en", null, false, false, 0, 0,
                "general", 0.5, 0.5, null, DataClass.PUBLIC, null, java.util.List.of(), plain.request(),
                new float[] {1, 0});

        assertThat(LearnedRouter.forecast(loaded, embedded)).isEqualTo(forecast);
        assertThat(LearnedRouter.forecast(loaded, plain)).isEqualTo(SuccessForecast.NONE);
        assertThatThrownBy(() -> LearnedRouter.forecast(policy, embedded)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("r.json");
    }
}
