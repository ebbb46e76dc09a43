package dev.gatehouse.router.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.router.decisionlog.DecisionJson;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.privacy.DataClass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** learnedRouter.explore: a share of auto decisions goes to another allowed target, drawn from the decision id. */
class ExplorationTest {
    private static final String TARGETS = """
            targets:
              - {id: small, tier: small, quality: {default: 0.5}, capabilities: [tools, json]}
              - {id: medium, tier: medium, quality: {default: 0.65}, capabilities: [json]}
              - {id: large, tier: large, quality: {default: 0.85}, capabilities: [tools, json]}
              - id: openai/gpt-4o
                tier: large
                quality: {default: 0.95}
                dataClasses: [public, internal]
                costPer1kInput: 0.0025
                costPer1kOutput: 0.01
            floors: {default: 0.3, coding: 0.6}
            budgets: {onExhausted: local}
            rules:
              - {name: free-tier-stays-local, when: {tenantTier: [free]}, require: [local]}
            tenants:
              - {id: acme, tier: free, apiKeys: [acme-key]}
            categories:
              coding: [write a function]
              general: [anything]
            """;
    private static final Policy EXPLORING = PolicyReader.parse(TARGETS + "learnedRouter: {explore: 0.5}\n", "explore");
    private static final int DECISIONS = 400;

    private static CapacitySnapshot idle() {
        Map<String, TargetCapacity> targets = new HashMap<>();
        for (String id : List.of("small", "medium", "large")) {
            targets.put(id, TargetCapacity.idle(id, 2, 0).withContext(8192));
        }
        targets.put("openai/gpt-4o", TargetCapacity.idle("openai/gpt-4o", 64, 0));
        return new CapacitySnapshot(PolicyFixtures.NOW, targets, Map.of());
    }

    private static RequestFeatures request(String id, String category, DataClass dataClass) {
        return RequestFeatures.of(category, 0.0, dataClass, 200)
                .withRequest(new RequestFeatures.Requested(id, null, Priority.BALANCED, null));
    }

    private static RequestFeatures withTools(RequestFeatures f) {
        return new RequestFeatures(f.promptTokens(), false, 1, false, false, "en", null, false, true, 0, 0,
                f.category(), 0.5, f.difficulty(), null, f.dataClass(), null, List.of(), f.request());
    }

    record GateCase(String name, String category, DataClass dataClass, UnaryOperator<RequestFeatures> request,
            CapacitySnapshot snapshot, String gated) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<GateCase> gates() {
        CapacitySnapshot noBudget = idle().with(new EscalationSnapshot(Map.of(), Cost.ZERO, "the daily budget", null));
        CapacitySnapshot mediumCold = idle().with(TargetCapacity.idle("medium", 2, 0).withContext(8192)
                .withState(TargetCapacity.State.COLD));
        return Stream.of(
                new GateCase("confidential data is never explored to a provider its data class keeps it from",
                        "general", DataClass.CONFIDENTIAL, f -> f, idle(), "openai/gpt-4o"),
                new GateCase("a free-tier tenant held local by a rule is never explored to the provider",
                        "general", DataClass.PUBLIC, f -> f.withTenant("acme"), idle(), "openai/gpt-4o"),
                new GateCase("a target below the category's quality floor is never explored",
                        "coding", DataClass.PUBLIC, f -> f, idle(), "small"),
                new GateCase("a request with tools is never explored to a target without them",
                        "general", DataClass.PUBLIC, ExplorationTest::withTools, idle(), "medium"),
                new GateCase("an exhausted budget keeps exploration off the paid provider",
                        "general", DataClass.PUBLIC, f -> f, noBudget, "openai/gpt-4o"),
                new GateCase("a local model that is not loaded is not explored: trying must not cost a load",
                        "general", DataClass.PUBLIC, f -> f, mediumCold, "medium"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gates")
    void explorationNeverPicksAGatedTarget(GateCase c) {
        int explored = 0;
        for (int i = 0; i < DECISIONS; i++) {
            Decision d = Decider.decide(c.request().apply(request("req-" + i, c.category(), c.dataClass())),
                    c.snapshot(), EXPLORING);
            assertThat(d.target()).as("decision %d", i).isNotEqualTo(c.gated());
            assertThat(d.exploration().among()).doesNotContain(c.gated());
            if (d.explored()) {
                explored++;
                assertThat(d.reasonCodes()).contains("explore");
            }
        }
        assertThat(explored).as("exploration did happen among the allowed targets").isBetween(150, 250);
    }

    @Test
    void theDrawIsStableForOneDecisionIdAndSpreadsOverIds() {
        List<String> targets = new ArrayList<>();
        int explored = 0;
        for (int i = 0; i < DECISIONS; i++) {
            Decision first = Decider.decide(request("req-" + i, "general", DataClass.PUBLIC), idle(), EXPLORING);
            Decision again = Decider.decide(request("req-" + i, "general", DataClass.PUBLIC), idle(), EXPLORING);
            assertThat(again.target()).isEqualTo(first.target());
            assertThat(again.exploration()).isEqualTo(first.exploration());
            if (first.explored()) explored++;
            targets.add(first.target());
            if (first.explored() && first.target().equals("openai/gpt-4o")) {
                assertThat(first.reasons()).as("an explored provider is not said to have scored best")
                        .anySatisfy(r -> assertThat(r.detail()).startsWith("exploration drew it"))
                        .noneSatisfy(r -> assertThat(r.detail()).contains("scored best"));
            }
        }
        assertThat(explored).isBetween(170, 230);
        assertThat(targets).as("every allowed target is drawn").contains("small", "medium", "large", "openai/gpt-4o");
    }

    @Test
    void theServedTargetsProbabilityIsWrittenToTheDecisionLog() {
        Decision explored = null, kept = null;
        for (int i = 0; explored == null || kept == null; i++) {
            Decision d = Decider.decide(request("req-" + i, "general", DataClass.PUBLIC), idle(), EXPLORING);
            if (d.explored()) explored = d; else kept = d;
        }

        var json = DecisionJson.of(explored).get("exploration");
        assertThat(json.get("explored").asBoolean()).isTrue();
        assertThat(json.get("propensity").asDouble()).as("0.5 spread over the 3 other allowed targets")
                .isEqualTo(0.5 / 3);
        assertThat(json.get("greedy").asText()).isNotEqualTo(explored.target());
        assertThat(json.get("among")).hasSize(4);
        assertThat(DecisionJson.of(kept).get("exploration").get("propensity").asDouble()).isEqualTo(0.5);
        assertThat(kept.exploration().probabilityOf(kept.target())).isEqualTo(0.5);
        assertThat(kept.exploration().probabilityOf(explored.target().equals(kept.target()) ? "small" : explored.target()))
                .isIn(0.0, 0.5 / 3);
    }

    @Test
    void withoutAnArtifactThePolicysOwnChoiceIsExploredAndNoEmbeddingIsNeededForIt() {
        Policy coldStart = PolicyReader.parse(TARGETS + "learnedRouter: {explore: 0.1}\n", "cold");

        assertThat(coldStart.learnedRouter().artifact()).isNull();
        assertThat(coldStart.learnedRouter().loaded()).as("nothing to load").isTrue();
        assertThat(EmbeddingNeed.of(coldStart, null).why()).doesNotContain("learnedRouter");
        long explored = Stream.iterate(0, i -> i + 1).limit(DECISIONS)
                .map(i -> Decider.decide(request("cold-" + i, "general", DataClass.PUBLIC), idle(), coldStart))
                .filter(Decision::explored).count();
        assertThat(explored).isBetween(20L, 60L);
    }

    @Test
    void aRequestThatNamesItsModelIsNeverExplored() {
        for (int i = 0; i < 100; i++) {
            RequestFeatures pinned = RequestFeatures.of("general", 0.0, DataClass.PUBLIC, 200)
                    .withRequest(new RequestFeatures.Requested("pin-" + i, "medium", Priority.BALANCED, null));
            Decision d = Decider.decide(pinned, idle(), EXPLORING);
            assertThat(d.target()).isEqualTo("medium");
            assertThat(d.exploration()).isNull();
        }
    }

    @Test
    void aDecisionThatFoundNoTargetMeetingTheFloorIsNotExploredAndIsLoggedAsCertain() {
        Policy strict = PolicyReader.parse(TARGETS.replace("default: 0.3, coding: 0.6", "default: 0.99")
                + "learnedRouter: {explore: 0.5}\n", "strict");
        for (int i = 0; i < 100; i++) {
            Decision d = Decider.decide(request("req-" + i, "general", DataClass.PUBLIC), idle(), strict);
            assertThat(d.explored()).isFalse();
            assertThat(d.exploration().propensity()).isEqualTo(1);
            assertThat(d.exploration().skipped()).contains("no_target_meets_floor");
        }
    }

    @Test
    void anExploreShareOutsideZeroToHalfIsNamedWithItsKey() {
        assertThatThrownBy(() -> PolicyReader.parse(TARGETS + "learnedRouter: {explore: 0.7}\n", "p"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations().stream()
                        .map(v -> v.key()).toList()).contains("learnedRouter.explore"));
    }
}
