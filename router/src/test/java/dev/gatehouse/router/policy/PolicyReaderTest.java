package dev.gatehouse.router.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.TaskClassifier;
import dev.gatehouse.router.privacy.DataClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyReaderTest {

    @Test
    void theBuiltInPolicyParsesWithExamplesForEveryDefaultCategory() {
        Policy p = PolicyReader.defaults();
        assertThat(p.categories()).containsKeys("coding", "math", "creative", "summarization", "extraction",
                "classification", "chit-chat", "reasoning");
        assertThat(p.categories().values()).allSatisfy(examples -> assertThat(examples).hasSizeGreaterThanOrEqualTo(8));
        assertThat(p.defaultPriority()).isEqualTo(Priority.BALANCED);
        assertThat(p.onPinnedVeto()).isEqualTo(Policy.PinnedVeto.REJECT);
        assertThat(p.hysteresis().stickFor()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theSamplePolicyAtTheRepositoryRootMatchesTheSampleManifest() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Policy p = PolicyReader.read(root.resolve("policy.yaml"));
        Policy complete = LocalTargets.complete(p, ManifestReader.read(root.resolve("models.yaml")).models(),
                "policy.yaml");
        assertThat(complete.targets()).extracting(Target::id).contains("stories260k");
        assertThat(complete.targets()).filteredOn(t -> !t.local()).allSatisfy(t ->
                assertThat(t.dataClasses()).doesNotContain(DataClass.CONFIDENTIAL, DataClass.RESTRICTED));
    }

    @Test
    void targetsGetDefaultsByLocalityAndTier() {
        Policy p = PolicyReader.parse("""
                targets:
                  - id: local-one
                    tier: large
                  - id: acme/big
                """, "t");
        Target local = p.target("local-one").orElseThrow();
        Target remote = p.target("acme/big").orElseThrow();
        assertThat(local.local()).isTrue();
        assertThat(local.defaultQuality()).isEqualTo(0.8);
        assertThat(local.dataClasses()).containsExactlyInAnyOrder(DataClass.values());
        assertThat(remote.local()).isFalse();
        assertThat(remote.provider()).isEqualTo("acme");
        assertThat(remote.dataClasses()).containsExactly(DataClass.PUBLIC);
    }

    @Test
    void everyViolationIsReportedWithItsKeyPath() {
        String yaml = """
                priority: fastest-please
                targets:
                  - id: a
                    quality: {coding: 1.5}
                    colour: blue
                  - id: acme/big
                    dataClasses: [public, restricted]
                  - id: a
                  - tier: small
                floors:
                  codnig: 0.5
                rules:
                  - name: r1
                    when: {difficulty: {min: 0.9, max: 0.2}, category: [poetry]}
                    require: [nonexistent]
                  - name: r1
                tenants:
                  - id: t
                    dataClass: secret
                hysteresis: {stickFor: forever}
                extra: 1
                """;
        assertThatThrownBy(() -> PolicyReader.parse(yaml, "bad.yaml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations())
                        .extracting(Violation::key)
                        .contains("priority", "targets[0].quality.coding", "targets[0].colour",
                                "targets[1].dataClasses", "targets[2].id", "targets[3].id", "floors.codnig",
                                "rules[0].when.difficulty.min", "rules[0].when.category[0]", "rules[0].require[0]",
                                "rules[1].name", "rules[1]", "tenants[0].dataClass", "hysteresis.stickFor",
                                "extra"))
                .hasMessageContaining("bad.yaml")
                .hasMessageContaining("must be one of [fastest, cheapest, balanced, best, private-only], was "
                        + "'fastest-please'");
    }

    @Test
    void categoryMethodChoosesHowCategoriesAreScoredAndDefaultsToBlended() {
        assertThat(PolicyReader.parse("targets:\n  - id: a\n", "p.yaml").categoryMethod())
                .isEqualTo(TaskClassifier.Method.BLENDED);
        assertThat(PolicyReader.parse("categoryMethod: stacked\ntargets:\n  - id: a\n", "p.yaml").categoryMethod())
                .isEqualTo(TaskClassifier.Method.STACKED);
        Policy withTargets = PolicyReader.parse("categoryMethod: similarity\ntargets:\n  - id: a\n", "p.yaml");
        assertThat(withTargets.withTargets(withTargets.targets()).categoryMethod())
                .isEqualTo(TaskClassifier.Method.SIMILARITY);
        assertThatThrownBy(() -> PolicyReader.parse("categoryMethod: neural\ntargets:\n  - id: a\n", "p.yaml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations())
                        .extracting(Violation::key).containsExactly("categoryMethod"))
                .hasMessageContaining("must be one of [similarity, logistic, stacked, blended], was 'neural'");
    }

    @Test
    void aLocalTargetMustBeAChatModelOfTheManifest() {
        Policy p = PolicyReader.parse("targets:\n  - id: ghost\n", "p.yaml");
        var manifest = ManifestReader.parse("""
                models:
                  - id: real
                    file: real.gguf
                    tasks: [chat]
                """, "m.yaml");
        assertThatThrownBy(() -> LocalTargets.complete(p, manifest.models(), "p.yaml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("targets[0].id", "no model 'ghost' in the manifest; local "
                                + "targets must be manifest ids [real], remote ones provider-id/model")));
    }

    @Test
    void manifestModelsTheTargetsOmitBecomeImplicitTargetsDefaultFirst() {
        var manifest = ManifestReader.parse("""
                models:
                  - id: second
                    file: s.gguf
                    tasks: [chat]
                  - id: first
                    file: f.gguf
                    tasks: [chat]
                    default: true
                """, "m.yaml");
        Policy p = LocalTargets.complete(PolicyReader.defaults(), manifest.models(), "default");
        assertThat(p.targets()).extracting(Target::id).containsExactly("first", "second");
        assertThat(p.targets()).allSatisfy(t -> assertThat(t.implicit()).isTrue());
    }

    @Test
    void tenantsAreFoundByTheHashOfTheirKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                tenants:
                  - id: plain
                    apiKeys: [sk-plain]
                  - id: hashed
                    tier: premium
                    apiKeys: ["sha256:%s"]
                """.formatted(Policy.sha256("sk-hashed")));
        Policy p = PolicyReader.read(file);
        assertThat(p.tenantForKey("sk-plain")).map(Tenant::id).hasValue("plain");
        assertThat(p.tenantForKey("sk-hashed")).map(Tenant::tier).hasValue("premium");
        assertThat(p.tenantForKey("sk-other")).isEmpty();
    }

    @Test
    void aMissingFileIsAViolationNotAStackTrace(@TempDir Path dir) {
        assertThatThrownBy(() -> PolicyReader.read(dir.resolve("nope.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
    }
}
