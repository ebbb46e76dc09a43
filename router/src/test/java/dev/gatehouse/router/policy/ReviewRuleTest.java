package dev.gatehouse.router.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.privacy.DataClass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Which decided requests a policy's {@code review} rules hold for a person: a pure function of policy and decision. */
class ReviewRuleTest {

    static final Policy POLICY = PolicyReader.parse("""
            targets:
              - {id: small, tier: small, quality: {default: 0.5}}
              - {id: openai/gpt-4o, tier: large, quality: {default: 0.9}, dataClasses: [public, internal]}
            rules:
              - name: restricted data needs a person
                when: {dataClass: [restricted]}
                review: true
              - name: internal data leaving needs a person
                when: {dataClass: [internal]}
                review: {targets: [remote], expiresAfter: 15m}
              - name: acme prefers small
                when: {tenant: [acme]}
                prefer: [small]
            """, "review rule test");

    record Case(String name, DataClass dataClass, String target, String expectedRule) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("restricted data is held whatever the target", DataClass.RESTRICTED, "small",
                        "restricted data needs a person"),
                new Case("internal data bound for a provider is held", DataClass.INTERNAL, "openai/gpt-4o",
                        "internal data leaving needs a person"),
                new Case("internal data that stays local is answered", DataClass.INTERNAL, "small", null),
                new Case("public data is answered", DataClass.PUBLIC, "openai/gpt-4o", null),
                new Case("a refusal is never held", DataClass.RESTRICTED, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reviewRulesHoldOnlyWhatTheyName(Case c) {
        RequestFeatures f = RequestFeatures.of("general", 0.5, c.dataClass(), 100);
        var decision = new Decision("d1", c.target(), List.of(), List.of(), List.of(), List.of(), 0, 0, null, f,
                new CapacitySnapshot(PolicyFixtures.NOW, Map.of(), Map.of()));
        assertThat(Rule.reviewing(POLICY, decision).map(Rule::name).orElse(null)).isEqualTo(c.expectedRule());
    }

    @Test
    void aReviewRuleNeedsNothingElseAndLeavesTheExpiryToTheServerWhenItNamesNone() {
        Rule held = POLICY.rules().get(0);
        assertThat(held.review().targets()).isEmpty();
        assertThat(held.review().expiresAfter()).as("the server's review.defaultExpiry").isNull();
        assertThat(POLICY.rules().get(1).review().expiresAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThat(POLICY.rules().get(2).review()).isNull();
    }

    @Test
    void badReviewSettingsAreReportedWithTheirKeys() {
        assertThatThrownBy(() -> PolicyReader.parse("""
                targets:
                  - {id: small, quality: {default: 0.5}}
                rules:
                  - {name: a, review: "yes"}
                  - {name: b, review: {targets: [nowhere], expiresAfter: 0s, when: x}}
                """, "bad review"))
                .hasMessageContaining("rules[0].review: must be a mapping")
                .hasMessageContaining("rules[1].review.targets[0]: 'nowhere' is neither a target")
                .hasMessageContaining("rules[1].review.expiresAfter: must be positive")
                .hasMessageContaining("rules[1].review.when: unknown key");
    }
}
