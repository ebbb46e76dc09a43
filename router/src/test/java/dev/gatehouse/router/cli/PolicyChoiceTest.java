package dev.gatehouse.router.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.router.policy.LocalTargets;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.Target;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: the working directory's policy.yaml never blocks a user's own manifest; a named policy stays strict. */
class PolicyChoiceTest {
    @TempDir
    Path workingDir;
    Path userManifest;
    Manifest manifest;
    final StringWriter err = new StringWriter();

    @BeforeEach
    void aCheckoutWithTheSamplePolicyAndAUsersOwnManifest() throws Exception {
        Files.copy(Path.of("..", "policy.yaml"), workingDir.resolve("policy.yaml"));
        userManifest = Files.writeString(workingDir.resolve("mine.yaml"),
                "models:\n  - {id: qwen, file: qwen.gguf, tasks: [chat], default: true}\n");
        manifest = ManifestReader.read(userManifest);
    }

    @Test
    void theWorkingDirectorysPolicyLeavesOutTheModelsTheManifestLacksAndSaysSo() {
        PolicyChoice choice = PolicyChoice.of(null, null, workingDir);

        Policy fitted = choice.fitTo(choice.read(Map.of()), manifest, userManifest, new PrintWriter(err, true));

        assertThat(choice.implicit()).isTrue();
        assertThat(fitted.targets()).extracting(Target::id).doesNotContain("stories260k");
        assertThat(LocalTargets.complete(fitted, manifest.models(), "policy.yaml").targets())
                .extracting(Target::id).contains("qwen");
        assertThat(err.toString()).contains("warning: " + workingDir.resolve("policy.yaml"), userManifest.toString(),
                "--policy", "targets[0].id: no chat model 'stories260k' in the manifest; target left out");
    }

    @Test
    void aPolicyNamedWithTheFlagStillFailsOnAModelTheManifestLacks() {
        PolicyChoice choice = PolicyChoice.of(workingDir.resolve("policy.yaml"), null, workingDir);

        Policy asRead = choice.fitTo(choice.read(Map.of()), manifest, userManifest, new PrintWriter(err, true));
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> LocalTargets.complete(asRead, manifest.models(), choice.path().toString()));

        assertThat(choice.implicit()).isFalse();
        assertThat(err.toString()).isEmpty();
        assertThat(e.violations()).extracting(Violation::key).containsExactly("targets[0].id");
    }

    @Test
    void aPolicyNamedInGatehouseYamlIsStrictToo() {
        PolicyChoice choice = PolicyChoice.of(null, workingDir.resolve("policy.yaml"), workingDir);

        assertThat(choice.implicit()).isFalse();
        assertThat(choice.path()).isEqualTo(workingDir.resolve("policy.yaml"));
    }

    @Test
    void withoutAnyPolicyFileTheBuiltInPolicyIsUsed() throws Exception {
        Files.delete(workingDir.resolve("policy.yaml"));

        PolicyChoice choice = PolicyChoice.of(null, null, workingDir);

        assertThat(choice.path()).isNull();
        assertThat(choice.read(Map.of()).targets()).isNotNull();
    }

    @Test
    void theSamplePolicyFitsTheSampleManifestWithoutLeavingAnythingOut() {
        PolicyChoice choice = PolicyChoice.of(null, null, Path.of(".."));

        choice.fitTo(choice.read(Map.of()), ManifestReader.read(Path.of("..", "models.yaml")),
                Path.of("..", "models.yaml"), new PrintWriter(err, true));

        assertThat(err.toString()).isEmpty();
    }
}
