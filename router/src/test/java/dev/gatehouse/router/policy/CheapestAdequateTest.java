package dev.gatehouse.router.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.privacy.DataClass;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Five local models and two providers: with a per-target forecast the cheapest target expected to succeed goes. */
class CheapestAdequateTest {
    private static final Policy POLICY = PolicyReader.parse("""
            targets:
              - {id: tiny, tier: small, quality: {default: 0.5}, costPer1kInput: 0.00001, tokensPerSecond: 200}
              - {id: small, tier: small, quality: {default: 0.5}, costPer1kInput: 0.00002, tokensPerSecond: 150}
              - {id: medium, tier: medium, quality: {default: 0.6}, costPer1kInput: 0.00005, tokensPerSecond: 80}
              - {id: large, tier: large, quality: {default: 0.7}, costPer1kInput: 0.0001, tokensPerSecond: 40}
              - {id: huge, tier: large, quality: {default: 0.75}, costPer1kInput: 0.0002, tokensPerSecond: 20}
              - {id: openai/mini, tier: medium, quality: {default: 0.8}, costPer1kInput: 0.0005, costPer1kOutput: 0.002}
              - {id: openai/big, tier: large, quality: {default: 0.95}, costPer1kInput: 0.005, costPer1kOutput: 0.02}
            floors: {default: 0.0}
            """, "seven targets");

    private static CapacitySnapshot idle() {
        Map<String, TargetCapacity> targets = new HashMap<>();
        for (String id : List.of("tiny", "small", "medium", "large", "huge")) {
            targets.put(id, TargetCapacity.idle(id, 2, 0).withContext(8192));
        }
        targets.put("openai/mini", TargetCapacity.idle("openai/mini", 64, 0));
        targets.put("openai/big", TargetCapacity.idle("openai/big", 64, 0));
        return new CapacitySnapshot(PolicyFixtures.NOW, targets, Map.of());
    }

    record Case(String name, Map<String, Double> expected, double bar, String chosen) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("an easy prompt goes to the cheapest local model that clears the bar",
                        Map.of("tiny", 0.9, "small", 0.9, "medium", 0.95, "large", 0.95, "huge", 0.96,
                                "openai/mini", 0.97, "openai/big", 0.99), 0.8, "tiny"),
                new Case("a middling prompt skips the small models that fall short and takes medium",
                        Map.of("tiny", 0.3, "small", 0.5, "medium", 0.85, "large", 0.9, "huge", 0.9,
                                "openai/mini", 0.92, "openai/big", 0.97), 0.8, "medium"),
                new Case("a hard prompt only the big provider is expected to answer goes there",
                        Map.of("tiny", 0.1, "small", 0.1, "medium", 0.2, "large", 0.4, "huge", 0.5,
                                "openai/mini", 0.6, "openai/big", 0.9), 0.8, "openai/big"),
                new Case("when no target reaches the bar the one expected to do best goes",
                        Map.of("tiny", 0.1, "small", 0.1, "medium", 0.2, "large", 0.6, "huge", 0.3,
                                "openai/mini", 0.5, "openai/big", 0.55), 0.8, "large"),
                new Case("a cheaper provider beats a dearer one when both clear the bar",
                        Map.of("tiny", 0.1, "small", 0.1, "medium", 0.2, "large", 0.3, "huge", 0.3,
                                "openai/mini", 0.85, "openai/big", 0.95), 0.8, "openai/mini"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCheapestTargetExpectedToSucceedIsChosen(Case c) {
        var forecast = new SuccessForecast(c.expected(), c.bar(), "test-knn");
        Decision d = Decider.decide(features(), idle(), POLICY, forecast);

        assertThat(d.target()).isEqualTo(c.chosen());
        assertThat(d.has(ReasonCode.CHEAPEST_ADEQUATE)).isTrue();
        assertThat(d.has(ReasonCode.BEST_SCORE)).isFalse();
        var chosenScore = d.ranking().getFirst();
        assertThat(chosenScore.target()).isEqualTo(c.chosen());
        assertThat(chosenScore.quality()).isEqualTo(c.expected().get(c.chosen()));
    }

    @Test
    void theReasonNamesEveryPassedOverTargetWithItsExpectedSuccessAndCost() {
        var forecast = new SuccessForecast(Map.of("tiny", 0.3, "small", 0.5, "medium", 0.85, "large", 0.9, "huge", 0.9,
                "openai/mini", 0.92, "openai/big", 0.97), 0.8, "test-knn");
        Decision d = Decider.decide(features(), idle(), POLICY, forecast);

        String detail = d.reasons().stream().filter(r -> r.code() == ReasonCode.CHEAPEST_ADEQUATE).findFirst()
                .orElseThrow().detail();
        assertThat(detail).startsWith("medium expected 0.85 (bar 0.8) at $");
        assertThat(detail).contains("tiny expected 0.3 at $", "(below the bar)", "openai/big expected 0.97 at $",
                "(costs more)", "by test-knn");
        for (String target : List.of("tiny", "small", "large", "huge", "openai/mini", "openai/big")) {
            assertThat(detail).contains("; " + target + " expected ");
        }
    }

    @Test
    void withoutAForecastTheDecisionIsTheSameAsBefore() {
        Decision plain = Decider.decide(features(), idle(), POLICY);
        Decision none = Decider.decide(features(), idle(), POLICY, SuccessForecast.NONE);

        assertThat(none.target()).isEqualTo(plain.target());
        assertThat(none.reasonCodes()).isEqualTo(plain.reasonCodes()).doesNotContain("cheapest_adequate");
    }

    @Test
    void aForecastForTargetsThePolicyLacksChangesNothing() {
        Decision plain = Decider.decide(features(), idle(), POLICY);
        Decision other = Decider.decide(features(), idle(), POLICY,
                new SuccessForecast(Map.of("not-in-policy", 1.0), 0.5, "test-knn"));

        assertThat(other.target()).isEqualTo(plain.target());
        assertThat(other.has(ReasonCode.CHEAPEST_ADEQUATE)).isFalse();
    }

    private static RequestFeatures features() {
        return RequestFeatures.of("general", 0.5, DataClass.PUBLIC, 400);
    }
}
