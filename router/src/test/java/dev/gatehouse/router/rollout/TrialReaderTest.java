package dev.gatehouse.router.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.router.policy.PolicyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shadow: and rollout: sections of a policy file, read once at startup: every violation named by its key. */
class TrialReaderTest {
    private static final String TARGETS = "targets:\n  - {id: tiny, tier: small, quality: {default: 0.5}}\n";

    @TempDir
    Path dir;

    private Path policy(String sections) throws Exception {
        Files.writeString(dir.resolve("next.yaml"), TARGETS);
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, TARGETS + sections);
        return file;
    }

    private static String messages(ConfigException e) {
        return String.join("\n", e.violations().stream().map(Violation::toString).toList());
    }

    @Test
    void aRolloutAndAShadowAreReadWithTheirPoliciesRelativeToThePolicyFile() throws Exception {
        Path file = policy("""
                shadow: {policy: next.yaml}
                rollout:
                  policy: next.yaml
                  share: 0.2
                  by: apiKey
                  salt: "2026-12"
                  segments: {tenants: [beta-team], tiers: [internal]}
                """);

        Trial trial = TrialReader.read(file, Map.of());

        assertThat(trial.rollout()).isEqualTo(new Rollout(0.2, "apiKey", java.util.Set.of("beta-team"),
                java.util.Set.of("internal"), "2026-12"));
        assertThat(trial.candidate().targets()).hasSize(1);
        assertThat(trial.shadowSource()).isEqualTo("next.yaml");
        assertThat(PolicyReader.read(file).targets()).as("the live policy accepts the sections").hasSize(1);
    }

    @Test
    void aPolicyUnderTrialWithOtherCategoriesIsRefusedBecauseTheLivePolicyClassifiesEveryRequest() throws Exception {
        Files.writeString(dir.resolve("method.yaml"), TARGETS + "categoryMethod: stacked\n");
        Files.writeString(dir.resolve("examples.yaml"), TARGETS + "categories:\n  poetry: [write a sonnet]\n");
        Path file = policy("shadow: {policy: method.yaml}\nrollout: {policy: examples.yaml, share: 0.1}\n");

        assertThatThrownBy(() -> TrialReader.read(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations())
                        .extracting(Violation::key).containsExactly("shadow.policy", "rollout.policy"))
                .hasMessageContaining("method.yaml: its task categories (categories, categoryExamples or "
                        + "categoryMethod) differ from the live policy's")
                .hasMessageContaining("examples.yaml: its task categories");
    }

    @Test
    void theQualityBarIsReadAndDefaultsToNinetyFivePercent() throws Exception {
        assertThat(TrialReader.read(policy("rollout: {policy: next.yaml, share: 0.1, qualityBar: 0.9}\n"), Map.of())
                .rollout().qualityBar()).isEqualTo(0.9);
        assertThat(TrialReader.read(policy("rollout: {policy: next.yaml, share: 0.1}\n"), Map.of())
                .rollout().qualityBar()).isEqualTo(0.95);
    }

    @Test
    void aQualityBarOutsideZeroToOneIsNamedWithItsKey() throws Exception {
        Path file = policy("rollout: {policy: next.yaml, share: 2, qualityBar: 1.2}\n");

        assertThatThrownBy(() -> TrialReader.read(file, Map.of())).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(messages(e)).contains("rollout.share: must be from 0 to 1, was 2.0",
                        "rollout.qualityBar: must be above 0 and below 1 (a share of the live arm's mean score), "
                                + "was 1.2"));
        assertThatThrownBy(() -> TrialReader.read(policy("rollout: {policy: next.yaml, share: 0.1, qualityBar: high}\n"),
                Map.of())).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(messages(e)).contains("rollout.qualityBar"));
    }

    @Test
    void aFixedReferenceScoreIsReadAndOneOutsideZeroToOneIsNamedWithItsKey() throws Exception {
        assertThat(TrialReader.read(policy("rollout: {policy: next.yaml, share: 0.1, referenceScore: 0.82}\n"),
                Map.of()).rollout().referenceScore()).isEqualTo(0.82);
        assertThat(TrialReader.read(policy("rollout: {policy: next.yaml, share: 0.1}\n"), Map.of()).rollout()
                .referenceScore()).as("the live arm's mean by default").isNull();
        assertThatThrownBy(() -> TrialReader.read(policy("rollout: {policy: next.yaml, share: 3, referenceScore: 82}\n"),
                Map.of())).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(messages(e)).contains(
                        "rollout.share: must be from 0 to 1, was 3.0",
                        "rollout.referenceScore: must be above 0 and at most 1 (a mean feedback score), was 82.0"));
    }

    @Test
    void aPolicyWithoutSectionsTriesNothing() throws Exception {
        assertThat(TrialReader.read(policy(""), Map.of())).isEqualTo(Trial.NONE);
        assertThat(TrialReader.read(null, Map.of())).isEqualTo(Trial.NONE);
    }

    @Test
    void everyBrokenKeyOfBothSectionsIsReportedAtOnce() throws Exception {
        Path file = policy("""
                shadow: {policy: missing.yaml, model: x}
                rollout:
                  share: 1.5
                  by: moon
                  segments: {tenants: beta-team}
                """);

        assertThatThrownBy(() -> TrialReader.read(file, Map.of())).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(messages(e)).contains(
                        "shadow.model: unknown key, expected one of [policy]",
                        "shadow.policy: missing.yaml: (file): does not exist",
                        "rollout.policy: is required",
                        "rollout.share: must be from 0 to 1, was 1.5",
                        "rollout.by: must be tenant or apiKey, was 'moon'",
                        "rollout.segments.tenants: must be a list, was 'beta-team'"));
    }

    @Test
    void aCandidatesOwnViolationsAreReportedUnderTheKeyThatNamesIt() throws Exception {
        Files.writeString(dir.resolve("broken.yaml"), "targets:\n  - {id: tiny, quality: {default: 1.5}}\n"
                + "rollout: {policy: other.yaml, share: 1}\n");
        Path file = policy("rollout: {policy: broken.yaml, share: 0.1}\n");

        assertThatThrownBy(() -> TrialReader.read(file, Map.of())).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(messages(e)).contains("rollout.policy: broken.yaml: targets[0].quality.default",
                        "rollout.policy: broken.yaml has a rollout section of its own"));
    }

    @Test
    void aRolloutThatNamesNoOneIsRefused() throws Exception {
        Path file = policy("rollout: {policy: next.yaml}\n");

        assertThatThrownBy(() -> TrialReader.read(file, Map.of())).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(messages(e)).contains("rollout: names no one for the candidate"));
    }
}
