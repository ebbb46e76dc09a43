package dev.gatehouse.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken shadow: or rollout: section stops serve before it listens, naming each key. */
class ServeTrialConfigTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run serve(String sections) throws Exception {
        Path models = Files.createDirectory(dir.resolve("models"));
        RandomLlamaGguf.write(models.resolve("tiny.gguf"), RandomLlamaSpec.tiny());
        Path manifest = dir.resolve("models.yaml");
        Files.writeString(manifest, """
                models:
                  - id: tiny
                    file: tiny.gguf
                    tasks: [chat]
                    tier: small
                    default: true
                """);
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "targets:\n  - {id: tiny, tier: small, quality: {default: 0.3}}\n" + sections);
        Files.writeString(dir.resolve("ghost.yaml"), "targets:\n  - {id: ghost, tier: small, quality: {default: 0.9}}\n");
        Path config = dir.resolve("gatehouse.yaml"); // the decision log and audit trail stay in the test's folder
        Files.writeString(config, "decisionLog:\n  dir: " + dir.resolve("logs") + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GatehouseCli.run(new String[] {"serve", "--port", "0", "--policy", policy.toString()},
                new PrintWriter(out), new PrintWriter(err),
                Map.of("GATEHOUSE_MANIFEST", manifest.toString(), "GATEHOUSE_MODELS_DIR", models.toString(),
                        "GATEHOUSE_CONFIG", config.toString()),
                modelsDir -> new EchoModels());
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aRolloutWithABadShareAndAnUnknownKeyStopsServeNamingBoth() throws Exception {
        Run run = serve("rollout: {policy: ghost.yaml, share: 2, by: ip}\n");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("rollout.share: must be from 0 to 1, was 2.0",
                "rollout.by: must be tenant or apiKey, was 'ip'");
        assertThat(run.out()).doesNotContain("listening");
    }

    @Test
    void aShadowPolicyNamingAModelTheManifestLacksStopsServeNamingTheFileAndTarget() throws Exception {
        Run run = serve("shadow: {policy: ghost.yaml}\n");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("ghost.yaml", "targets[0].id", "no model 'ghost' in the manifest");
        assertThat(run.out()).doesNotContain("listening");
    }
}
