package dev.gatehouse.router.policy;

import static dev.gatehouse.router.policy.PolicyFixtures.idle;
import static dev.gatehouse.router.policy.PolicyFixtures.localOnly;
import static dev.gatehouse.router.policy.PolicyFixtures.policy;
import static dev.gatehouse.router.policy.PolicyFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.Finding;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table tests of the pure decision: one named case per behaviour, hand-made features and snapshots. */
class DeciderTest {

    /**
     * @param target the expected target, or null for a refusal
     * @param reason a reason code the decision must carry
     * @param rejectedAs a target and the reason it must be rejected with, or null
     */
    record Case(String name, RequestFeatures features, CapacitySnapshot snapshot, Policy policy, String target,
            ReasonCode reason, String rejectedTarget, ReasonCode rejectedAs) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final RequestFeatures CARD_NUMBER = request("general", 0.5)
            .withFindings(DataClass.RESTRICTED, List.of(new Finding("CREDIT_CARD", 10, 29, 0.99)));

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a card number never goes to the cloud even when the request pins it",
                        CARD_NUMBER.pinnedTo("openai/gpt-4o"), idle(), policy(), null, ReasonCode.PINNED_VETOED,
                        "openai/gpt-4o", ReasonCode.DATA_CLASS_NOT_ALLOWED),
                new Case("a vetoed pin falls back to a local model when the policy says fallback",
                        CARD_NUMBER.pinnedTo("openai/gpt-4o"), idle(), policy("onPinnedVeto: fallback\n"), "large",
                        ReasonCode.PINNED_VETOED, "openai/gpt-4o", ReasonCode.DATA_CLASS_NOT_ALLOWED),
                new Case("restricted data asking for the best still stays local",
                        CARD_NUMBER.withPriority(Priority.BEST), idle(), policy(), "large", ReasonCode.BEST_SCORE,
                        "openai/gpt-4o", ReasonCode.DATA_CLASS_NOT_ALLOWED),
                new Case("confidential data declared by the client never leaves",
                        request("general", 0.9, DataClass.CONFIDENTIAL, Priority.BEST), idle(), policy(), "large",
                        ReasonCode.BEST_SCORE, "openai/gpt-4o", ReasonCode.DATA_CLASS_NOT_ALLOWED),
                new Case("a hard public request asking for the best goes to the strongest target",
                        request("general", 0.9, DataClass.PUBLIC, Priority.BEST), idle(), policy(), "openai/gpt-4o",
                        ReasonCode.BEST_SCORE, null, null),
                new Case("a hard request whose best local model is saturated goes to the next one meeting the floor",
                        request("general", 0.9), localOnly().with(localOnly().targets().get("large").withLoad(1, 3)),
                        policy(), "medium", ReasonCode.CAPACITY, null, null),
                new Case("a prompt the difficulty model could not judge is decided at the middle difficulty and says why",
                        request("general", 0.9).withUnfamiliarDifficulty("prompt unlike the training data"), localOnly(),
                        policy(), "large", ReasonCode.DIFFICULTY_UNFAMILIAR, null, null),
                new Case("a hard request goes to the large model when it is idle",
                        request("general", 0.9), localOnly(), policy(), "large", ReasonCode.BEST_SCORE, null, null),
                new Case("a model whose queue is full is rejected as saturated",
                        request("general", 0.9), localOnly().with(localOnly().targets().get("large").withLoad(1, 8)),
                        policy(), "medium", ReasonCode.BEST_SCORE, "large", ReasonCode.SATURATED),
                new Case("a warm model wins over an equally good cold one that comes first in the policy",
                        request("general", 0.5), twinSnapshot(), twins(), "small-twin", ReasonCode.BEST_SCORE, null,
                        null),
                new Case("the cold model wins once it is loaded: order breaks the tie",
                        request("general", 0.5), twinSnapshot().with(twinSnapshot().targets().get("small")
                                .withState(TargetCapacity.State.LOADED)), twins(), "small", ReasonCode.BEST_SCORE,
                        null, null),
                new Case("the quality floor of a category rejects weaker models",
                        request("coding", 0.2), localOnly(), policy(), "medium", ReasonCode.BEST_SCORE, "small",
                        ReasonCode.BELOW_QUALITY_FLOOR),
                new Case("when no target meets the floor the best available goes, saying so",
                        request("coding", 1.0), localOnly().with(localOnly().targets().get("large")
                                .withState(TargetCapacity.State.FAILED)), policy(), "medium",
                        ReasonCode.NO_TARGET_MEETS_FLOOR, "large", ReasonCode.UNHEALTHY),
                new Case("fastest picks the quick small model for an easy request",
                        request("general", 0.1, DataClass.PUBLIC, Priority.FASTEST), idle(), policy(), "small",
                        ReasonCode.BEST_SCORE, null, null),
                new Case("cheapest never pays for the cloud when a free model meets the floor",
                        request("general", 0.1, DataClass.PUBLIC, Priority.CHEAPEST), idle(), policy(), "small",
                        ReasonCode.BEST_SCORE, null, null),
                new Case("private-only rules out every remote target",
                        request("general", 0.9, DataClass.PUBLIC, Priority.PRIVATE_ONLY), idle(), policy(), "large",
                        ReasonCode.BEST_SCORE, "openai/gpt-4o", ReasonCode.PRIVATE_ONLY),
                new Case("a tenant rule keeps a free tenant local",
                        request("general", 0.9, DataClass.PUBLIC, Priority.BEST).withTenant("acme"), idle(),
                        policy(), "large", ReasonCode.BEST_SCORE, "openai/gpt-4o", ReasonCode.RULE_REQUIRES_OTHER),
                new Case("a rule's preference tips the choice to the preferred model",
                        request("summarization", 0.6), localOnly(), policy(), "medium", ReasonCode.RULE_PREFERRED,
                        null, null),
                new Case("a prompt longer than a model's context rules the model out",
                        RequestFeatures.of("general", 0.2, DataClass.PUBLIC, 5000), localOnly(), policy(), "medium",
                        ReasonCode.BEST_SCORE, "small", ReasonCode.CONTEXT_TOO_SMALL),
                new Case("a pinned local model is kept even when it is busy",
                        request("general", 0.1).pinnedTo("large"),
                        localOnly().with(localOnly().targets().get("large").withLoad(1, 2)), policy(), "large",
                        ReasonCode.PINNED, null, null),
                new Case("a cloud target without a provider connection is not available",
                        request("general", 0.9, DataClass.PUBLIC, Priority.BEST), localOnly(), policy(), "large",
                        ReasonCode.BEST_SCORE, "openai/gpt-4o", ReasonCode.NOT_AVAILABLE),
                new Case("with every queue full the request is refused with each rejection",
                        request("general", 0.5), full(), policy(), null, ReasonCode.NO_ELIGIBLE_TARGET, "medium",
                        ReasonCode.SATURATED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(Case c) {
        Decision d = Decider.decide(c.features(), c.snapshot(), c.policy());

        assertThat(d.target()).as(describe(d)).isEqualTo(c.target());
        assertThat(d.reasons()).as(describe(d)).extracting(Decision.Reason::code).contains(c.reason());
        if (c.rejectedTarget() != null) {
            assertThat(d.rejected()).as(describe(d)).contains(d.rejected().stream()
                    .filter(r -> r.target().equals(c.rejectedTarget()) && r.reason() == c.rejectedAs())
                    .findFirst().orElseThrow(() -> new AssertionError(c.rejectedTarget() + " not rejected as "
                            + c.rejectedAs() + ": " + describe(d))));
        }
        assertThat(d.fallbacks()).doesNotContain(d.target() == null ? "-" : d.target());
        assertThat(d.snapshot()).isSameAs(c.snapshot());
        assertThat(d.features()).isSameAs(c.features());
    }

    /** Two equal small models. */
    private static Policy twins() {
        return policy().withTargets(List.of(policy().target("small").orElseThrow(),
                new Target("small-twin", true, dev.gatehouse.manifest.Tier.SMALL, java.util.Map.of(), 0.4,
                        java.util.EnumSet.allOf(DataClass.class), 0, 0, null, 80, 3000, 0, java.util.Set.of(),
                        false)));
    }

    /** The first twin cold, the second loaded. */
    private static CapacitySnapshot twinSnapshot() {
        return localOnly().with(localOnly().targets().get("small").withState(TargetCapacity.State.COLD))
                .with(TargetCapacity.idle("small-twin", 2, 0).withContext(4096));
    }

    private static CapacitySnapshot full() {
        CapacitySnapshot s = localOnly();
        for (TargetCapacity c : localOnly().targets().values()) {
            s = s.with(c.withLoad(c.slots(), c.maxQueue()));
        }
        return s;
    }

    static String describe(Decision d) {
        return "target=" + d.target() + " reasons=" + d.reasons() + " rejected=" + d.rejected() + " ranking="
                + d.ranking();
    }
}
