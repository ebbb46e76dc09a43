package dev.gatehouse.router.policy;

import static dev.gatehouse.router.policy.PolicyFixtures.idle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.privacy.DataClass;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When the feature extractor may skip the prompt's embedding. Each case is checked twice: the function's answer, and,
 * where it says "not needed", that the decision really is the same for every category and difficulty the embedding
 * could have produced (so the function cannot drift from {@link Decider} unnoticed).
 */
class EmbeddingNeedTest {

    static final String SMALL_AND_CLOUD = """
            targets:
              - {id: small, tier: small, quality: {default: 0.4, chit-chat: 0.7}, tokensPerSecond: 80}
              - {id: openai/gpt-4o, tier: large, quality: {default: 0.95}, dataClasses: [public, internal],
                 costPer1kInput: 0.0025, costPer1kOutput: 0.01, tokensPerSecond: 80}
            floors: {default: 0.3, coding: 0.6}
            categories: {coding: [write a function], chit-chat: [hello], general: [anything]}
            """;

    record Case(String name, String yaml, String pin, boolean needed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a request pinned to a provider with one other target skips the embedding",
                        SMALL_AND_CLOUD, "openai/gpt-4o", false),
                new Case("a request pinned to a local model with one other target skips the embedding",
                        SMALL_AND_CLOUD, "small", false),
                new Case("a pin that is not a target is refused whatever the text, so no embedding",
                        SMALL_AND_CLOUD, "nobody/none", false),
                new Case("a preferring rule on a category does not make a pinned request embed",
                        SMALL_AND_CLOUD + "rules: [{name: chat-small, when: {category: [chit-chat]}, prefer: [small]}]\n",
                        "openai/gpt-4o", false),
                new Case("a rule forbidding a target for a category makes even a pinned request embed",
                        SMALL_AND_CLOUD + "rules: [{name: no-cloud-code, when: {category: [coding]}, forbid: [remote]}]\n",
                        "openai/gpt-4o", true),
                new Case("a rule requiring a target above a difficulty makes a pinned request embed",
                        SMALL_AND_CLOUD + "rules: [{name: hard-to-cloud, when: {difficulty: {min: 0.8}}, require: [remote]}]\n",
                        "small", true),
                new Case("a rule on data class alone does not make a pinned request embed",
                        SMALL_AND_CLOUD + "rules: [{name: secrets-local, when: {dataClass: [confidential]}, require: [local]}]\n",
                        "openai/gpt-4o", false),
                new Case("a vetoed pin routed as auto needs the embedding for that route",
                        SMALL_AND_CLOUD + "onPinnedVeto: fallback\n", "openai/gpt-4o", true),
                new Case("a pinned request whose fallbacks are ranked among several targets embeds",
                        PolicyFixtures.YAML, "openai/gpt-4o", true),
                new Case("an auto request choosing between two targets embeds", SMALL_AND_CLOUD, null, true),
                new Case("an auto request with one target has nothing to choose, so no embedding",
                        "targets: [{id: small, tier: small, quality: {default: 0.4}, tokensPerSecond: 80}]\n"
                                + "categories: {coding: [write a function], general: [anything]}\n", null, false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void answersWhetherTheDecisionCanReadTheEmbedding(Case c) {
        Policy policy = PolicyReader.parse(c.yaml(), c.name());
        EmbeddingNeed need = EmbeddingNeed.of(policy, c.pin());
        assertThat(need.needed()).as(need.why()).isEqualTo(c.needed());
        assertThat(need.why()).isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void whenNotNeededEveryCategoryAndDifficultyGivesTheSameDecision(Case c) {
        Policy policy = PolicyReader.parse(c.yaml(), c.name());
        if (EmbeddingNeed.of(policy, c.pin()).needed()) return; // the other side: the first test checks the answer
        List<String> outcomes = new ArrayList<>();
        for (String category : List.of("coding", "chit-chat", "general")) {
            for (double difficulty : new double[] {0, 0.5, 1}) {
                for (DataClass data : List.of(DataClass.PUBLIC, DataClass.CONFIDENTIAL)) {
                    RequestFeatures f = RequestFeatures.of(category, difficulty, data, 200);
                    Decision d = Decider.decide(c.pin() == null ? f : f.pinnedTo(c.pin()), idle(), policy);
                    outcomes.add(data + " -> " + d.target() + " then " + d.fallbacks() + " refused " + d.refused());
                }
            }
        }
        assertThat(outcomes.stream().distinct().count()).as(outcomes.toString()).isEqualTo(2); // one per data class
    }

    @org.junit.jupiter.api.Test
    void theCheckAboveWouldNoticeADecisionThatReadsTheCategory() {
        // Guards the guard: with several fallbacks the same loop sees the order change with the difficulty.
        Policy policy = PolicyReader.parse(PolicyFixtures.YAML, "fixture");
        List<String> fallbacks = new ArrayList<>();
        for (double difficulty : new double[] {0, 1}) {
            fallbacks.add(Decider.decide(RequestFeatures.of("general", difficulty, DataClass.PUBLIC, 200)
                    .pinnedTo("openai/gpt-4o"), idle(), policy).fallbacks().toString());
        }
        assertThat(fallbacks.get(0)).isNotEqualTo(fallbacks.get(1));
    }
}
