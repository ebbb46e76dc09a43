package dev.gatehouse.router.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.policy.PolicyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classifier learns from the operator's example files, read with the policy (real MiniLM embeddings). */
class CategoryLearningTest {
    static MiniLmEmbedder embedder;

    @BeforeAll
    static void open() {
        embedder = MiniLmEmbedder.open();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    private static String label(TaskClassifier classifier, String prompt) {
        return classifier.classify(prompt, embedder.embed(prompt)).category();
    }

    @Test
    void examplesAddedInAFileChangeTheLabelOfANearPromptAndLeaveOthersAlone(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("examples"));
        Files.writeString(dir.resolve("examples/translation.txt"), """
                # what our users ask for most
                Translate this sentence into French: the meeting is moved to Thursday.
                How do you say "where is the train station" in Japanese?
                Translate the following email into German, keeping it polite.
                Render this paragraph in Spanish for our Mexican customers.
                """);
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "categoryExamples: [examples]\n");
        String near = "Please translate these instructions into Italian: open the lid and pour in the water.";

        TaskClassifier shipped = TaskClassifier.build(PolicyReader.defaults().categories(), embedder);
        TaskClassifier taught = TaskClassifier.build(PolicyReader.read(policy).categories(), embedder);

        assertThat(label(shipped, near)).isNotEqualTo("translation");
        assertThat(label(taught, near)).isEqualTo("translation");
        assertThat(label(taught, "Write a haiku about rain on a tin roof.")).isEqualTo("creative");
        assertThat(taught.categories()).contains("coding", "math", "translation");
    }

    @Test
    void examplesForAnExistingCategoryAreAddedToTheShippedOnes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mine.jsonl"), """
                {"category": "extraction", "prompt": "Turn these meeting notes into action items with owners and due dates."}
                {"category": "extraction", "prompt": "List each action item from the notes below with who owns it."}
                """);
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "categoryExamples: [mine.jsonl]\n");
        var categories = PolicyReader.read(policy).categories();
        int shipped = PolicyReader.defaults().categories().get("extraction").size();
        assertThat(categories.get("extraction")).hasSize(shipped + 2)
                .contains("List each action item from the notes below with who owns it.");
    }
}
