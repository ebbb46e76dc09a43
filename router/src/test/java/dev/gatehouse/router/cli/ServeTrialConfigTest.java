package dev.gatehouse.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken shadow: or rollout: section stops serve before it listens, naming each key. */
class ServeTrialConfigTest {

    @TempDir
    Path dir;

    private ServeWithPolicy.Run serve(String policyTail) throws Exception {
        Files.writeString(dir.resolve("ghost.yaml"), "targets:\n  - {id: ghost, tier: small, quality: {default: 0.9}}\n");
        return ServeWithPolicy.serve(dir, policyTail);
    }

    @Test
    void aRolloutWithABadShareAndAnUnknownKeyStopsServeNamingBoth() throws Exception {
        ServeWithPolicy.Run run = serve("rollout: {policy: ghost.yaml, share: 2, by: ip}\n");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("rollout.share: must be from 0 to 1, was 2.0",
                "rollout.by: must be tenant or apiKey, was 'ip'");
        assertThat(run.out()).doesNotContain("listening");
    }

    @Test
    void aShadowPolicyNamingAModelTheManifestLacksStopsServeNamingTheFileAndTarget() throws Exception {
        ServeWithPolicy.Run run = serve("shadow: {policy: ghost.yaml}\n");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("ghost.yaml", "targets[0].id", "no model 'ghost' in the manifest");
        assertThat(run.out()).doesNotContain("listening");
    }
}
