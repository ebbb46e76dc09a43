package dev.gatehouse.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import dev.gatehouse.router.learning.KnnArtifact;
import dev.gatehouse.router.learning.KnnRouter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A learnedRouter: artifact that cannot serve stops serve before it listens, naming the key and the file. */
class ServeLearnedRouterConfigTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run serve(String policyTail) throws Exception {
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
        String targets = "targets:\n  - {id: tiny, tier: small, quality: {default: 0.3}}\n";
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, targets + policyTail);
        Files.writeString(dir.resolve("candidate.yaml"), targets + "learnedRouter: {artifact: missing.json}\n");
        Path config = dir.resolve("gatehouse.yaml");
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
    void anArtifactPathThatDoesNotExistStopsServeNamingTheKeyAndTheFile() throws Exception {
        Run run = serve("learnedRouter: {artifact: missing.json}\n");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("learnedRouter.artifact", dir.resolve("missing.json").toString(),
                "does not exist");
        assertThat(run.out()).doesNotContain("listening");
    }

    @Test
    void anArtifactTrainedOnAnotherEmbedderStopsServeSayingWhichEmbedders() throws Exception {
        KnnRouter other = KnnRouter.fit(List.of("tiny"), new float[][] {{1, 0}, {0, 1}}, new double[][] {{1}, {0}},
                0.5, "some-other-embedder", 1);
        KnnArtifact.save(other, "test", dir.resolve("other.json"));

        Run run = serve("learnedRouter: {artifact: other.json}\n");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("learnedRouter.artifact", "some-other-embedder", "retrain it");
        assertThat(run.out()).doesNotContain("listening");
    }

    @Test
    void aFileThatIsNoArtifactStopsServeNamingTheKey() throws Exception {
        Files.writeString(dir.resolve("notes.json"), "{\"format\": \"something else\"}");

        Run run = serve("learnedRouter: {artifact: notes.json}\n");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("learnedRouter.artifact", "not a valid kNN router artifact",
                "gatehouse-knn-router/1");
    }

    @Test
    void aRolloutCandidateWithAMissingArtifactStopsServeNamingTheCandidateFileAndTheKey() throws Exception {
        Run run = serve("rollout: {policy: candidate.yaml, share: 0.1}\n");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("candidate.yaml", "learnedRouter.artifact", "missing.json");
    }
}
