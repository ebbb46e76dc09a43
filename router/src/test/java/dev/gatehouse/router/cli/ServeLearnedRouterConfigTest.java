package dev.gatehouse.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.learning.KnnArtifact;
import dev.gatehouse.router.learning.KnnRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A learnedRouter: artifact that cannot serve stops serve before it listens, naming the key and the file. */
class ServeLearnedRouterConfigTest {

    @TempDir
    Path dir;

    private ServeWithPolicy.Run serve(String policyTail) throws Exception {
        Files.writeString(dir.resolve("candidate.yaml"),
                ServeWithPolicy.TARGETS + "learnedRouter: {artifact: missing.json}\n");
        return ServeWithPolicy.serve(dir, policyTail);
    }

    @Test
    void anArtifactPathThatDoesNotExistStopsServeNamingTheKeyAndTheFile() throws Exception {
        ServeWithPolicy.Run run = serve("learnedRouter: {artifact: missing.json}\n");

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

        ServeWithPolicy.Run run = serve("learnedRouter: {artifact: other.json}\n");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("learnedRouter.artifact", "some-other-embedder", "retrain it");
        assertThat(run.out()).doesNotContain("listening");
    }

    @Test
    void aFileThatIsNoArtifactStopsServeNamingTheKey() throws Exception {
        Files.writeString(dir.resolve("notes.json"), "{\"format\": \"something else\"}");

        ServeWithPolicy.Run run = serve("learnedRouter: {artifact: notes.json}\n");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("learnedRouter.artifact", "not a valid kNN router artifact",
                "gatehouse-knn-router/1");
    }

    @Test
    void aRolloutCandidateWithAMissingArtifactStopsServeNamingTheCandidateFileAndTheKey() throws Exception {
        ServeWithPolicy.Run run = serve("rollout: {policy: candidate.yaml, share: 0.1}\n");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("candidate.yaml", "learnedRouter.artifact", "missing.json");
    }
}
