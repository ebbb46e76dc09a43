package dev.gatehouse.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DifficultyModelTest {
    @TempDir
    Path dir;

    /** Prompts whose embedding points along dimension 0 are the ones the strong model wins. */
    static LabelledPrompts toyCorpus(int n, long seed) {
        var random = new Random(seed);
        List<RoutingExample> examples = new ArrayList<>();
        float[][] embeddings = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] v = new float[8];
            for (int j = 0; j < v.length; j++) v[j] = (float) random.nextGaussian();
            boolean hard = v[0] > 0.5;
            double norm = 0;
            for (float f : v) norm += f * f;
            for (int j = 0; j < v.length; j++) v[j] /= (float) Math.sqrt(norm);
            embeddings[i] = v;
            examples.add(new RoutingExample("question " + i + (hard ? " hard?" : ""), "group" + (i % 5), hard ? 0 : 1, 1,
                    Double.NaN, Double.NaN));
        }
        return new LabelledPrompts(examples, embeddings);
    }

    static DifficultyModel toyModel() {
        return toyCorpus(600, 1).train(new DifficultyTrainer.Provenance(List.of("toy.csv"), "weak", "strong", "toy-embedder"), 7,
                DifficultyTrainer.Validation.GROUPS);
    }

    @Test
    void aTrainedModelScoresPromptsTheStrongModelWinsAboveTheOthers() {
        var model = toyModel();
        var test = toyCorpus(300, 2);
        double hard = 0, easy = 0;
        int hardCount = 0;
        for (int i = 0; i < 300; i++) {
            double s = model.score(test.examples().get(i).prompt(), test.embeddings()[i]);
            assertThat(s).isBetween(0.0, 1.0);
            if (test.examples().get(i).strongWins()) {
                hard += s;
                hardCount++;
            } else {
                easy += s;
            }
        }
        assertThat(hard / hardCount).isGreaterThan(easy / (300 - hardCount) + 0.3);
    }

    @Test
    void anArtifactSavedAndLoadedScoresExactlyLikeTheOriginalAndKeepsItsProvenance() throws IOException {
        var model = toyModel();
        Path file = dir.resolve("model.json");
        model.save(file);
        var loaded = DifficultyModel.load(file);

        var test = toyCorpus(20, 3);
        for (int i = 0; i < 20; i++) {
            assertThat(loaded.score(test.examples().get(i).prompt(), test.embeddings()[i]))
                    .isEqualTo(model.score(test.examples().get(i).prompt(), test.embeddings()[i]));
        }
        assertThat(loaded.thresholdForStrongShare(0.3)).isEqualTo(model.thresholdForStrongShare(0.3));
        assertThat(loaded.training().sources()).containsExactly("toy.csv");
        assertThat(loaded.training().rows()).isEqualTo(600);
        assertThat(loaded.embedderName()).isEqualTo("toy-embedder");
        assertThat(Files.readString(file)).contains("\"format\" : \"gatehouse-difficulty/4\"", "\"createdAt\"", "P(strong correct) − P(weak correct)");
    }

    @Test
    void theCalibrationOfATrainedModelSendsTheAskedShareOfItsTrainingPromptsToTheStrongModel() {
        var model = toyModel();
        var corpus = toyCorpus(600, 1);
        double threshold = model.thresholdForStrongShare(0.25);
        long strong = 0;
        for (int i = 0; i < 600; i++) {
            if (model.score(corpus.examples().get(i).prompt(), corpus.embeddings()[i]) >= threshold) strong++;
        }
        assertThat(strong).isBetween(145L, 155L);
    }

    @Test
    void recalibrationChangesOnlyTheCalibrationTable() {
        var model = toyModel();
        var recalibrated = model.recalibrated(Calibration.of(new double[] {0.1, 0.2, 0.3, 0.4}, "my traffic"));
        var probe = toyCorpus(1, 4);
        assertThat(recalibrated.score("x", probe.embeddings()[0])).isEqualTo(model.score("x", probe.embeddings()[0]));
        assertThat(recalibrated.calibration().source()).isEqualTo("my traffic");
        assertThat(recalibrated.thresholdForStrongShare(0.5)).isEqualTo(0.25);
    }

    @Test
    void anEmbeddingOfTheWrongSizeIsRefusedNamingBothSizes() {
        assertThatThrownBy(() -> toyModel().score("x", new float[3])).hasMessageContaining("3").hasMessageContaining("8");
    }

    @Test
    void anArtifactOfAnotherFormatIsRefusedWithWhatWasExpected() throws IOException {
        Path file = dir.resolve("model.json");
        toyModel().save(file);
        Files.writeString(file, Files.readString(file).replace("gatehouse-difficulty/4", "gatehouse-difficulty/9"));
        assertThatThrownBy(() -> DifficultyModel.load(file)).hasMessageContaining("gatehouse-difficulty/9")
                .hasMessageContaining("expected gatehouse-difficulty/4");
        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> DifficultyModel.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a difficulty model artifact");
    }

    @Test
    void theBuiltinModelDocumentsItsTrainingDataAndExpectsMiniLm() {
        var builtin = DifficultyModel.builtin();
        assertThat(builtin.embedderName()).isEqualTo(dev.gatehouse.router.features.MiniLmEmbedder.NAME);
        assertThat(builtin.dimensions()).isEqualTo(384);
        // 14,042 MMLU prompts less the 270 of high-school mathematics, where GPT-4's labels are below guessing
        assertThat(builtin.training().rows()).isEqualTo(14042 - 270);
        assertThat(builtin.training().sources().toString()).contains("routellm-mmlu",
                "left out: mmlu_high_school_mathematics");
        assertThat(builtin.thresholdForStrongShare(0.2)).isGreaterThan(builtin.thresholdForStrongShare(0.6));
    }

    @Test
    void anArtifactWithABrokenBagOfHeadsIsRefusedNamingEveryBrokenKey() throws IOException {
        Path file = dir.resolve("model.json");
        toyModel().save(file);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(file.toFile());
        var heads = (com.fasterxml.jackson.databind.node.ArrayNode) tree.get("heads");
        assertThat(heads).hasSize(DifficultyTrainer.BAGS);
        ((com.fasterxml.jackson.databind.node.ArrayNode) heads.get(1).get("strong").get("embedding")).remove(0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) heads.get(2)).remove("weak");
        json.writeValue(file.toFile(), tree);

        assertThatThrownBy(() -> DifficultyModel.load(file)).hasMessageContaining("heads[1].strong.embedding: expected 8 values")
                .hasMessageContaining("heads[2]: needs both weak and strong");
    }

    @Test
    void theDifficultyPoliciesReadIsTheShareOfCalibrationTrafficBelowThePromptSoAThresholdMeansAShareOfTraffic() {
        var model = toyModel();
        var corpus = toyCorpus(600, 1);
        long hardest = 0;
        for (int i = 0; i < 600; i++) {
            double d = model.difficulty(corpus.examples().get(i).prompt(), corpus.embeddings()[i]);
            assertThat(d).isBetween(0.0, 1.0);
            if (d >= 0.8) hardest++;
        }
        assertThat(hardest).isBetween(110L, 130L);
        var probe = toyCorpus(2, 5);
        // Recalibrated on traffic that all scores lower, the same prompt is harder than (nearly) all of it.
        double[] easyTraffic = new java.util.Random(3).doubles(500).map(d -> d * 0.01).toArray();
        var recalibrated = model.recalibrated(Calibration.of(easyTraffic, "traffic that all scores lower"));
        assertThat(recalibrated.difficulty(probe.examples().get(0).prompt(), probe.embeddings()[0])).isGreaterThan(0.99);
    }

    @Test
    void aPromptFarOutsideTheShapeOfTheTrainingPromptsGetsTheMiddleDifficultyAndSaysWhichFeaturesAreOutside() {
        var model = toyModel();
        var corpus = toyCorpus(1, 9);
        float[] embedding = corpus.embeddings()[0];
        String pastedCode = "def f(x):\n    return x + 1\n".repeat(30);

        var unfamiliar = model.assess(pastedCode, embedding);
        var familiar = model.assess("question 321", embedding);

        assertThat(unfamiliar.difficulty()).isEqualTo(0.5);
        assertThat(unfamiliar.unfamiliar()).contains("log_lines", "spreads above", "difficulty 0.5");
        assertThat(familiar.unfamiliar()).isNull();
        assertThat(familiar.difficulty()).isEqualTo(model.calibration().shareBelow(model.score("question 321", embedding)));
    }

    @Test
    void theShippedModelCannotJudgeAChatMessageButJudgesAFourOptionQuestion() {
        var model = DifficultyModel.builtin();
        float[] embedding = new float[model.dimensions()];
        embedding[0] = 1;

        var chat = model.assess("Prove that there are infinitely many primes of the form 4k+3.", embedding);
        var question = model.assess("Which of the following is a prime number?\nA. 4\nB. 6\nC. 7\nD. 9", embedding);

        assertThat(chat.unfamiliar()).contains("answer_options");
        assertThat(chat.difficulty()).isEqualTo(0.5);
        assertThat(question.unfamiliar()).isNull();
    }

    @Test
    void eachCheapFeatureIsClampedToTheTrainingRangeSoAnOutlierNeitherStretchesTheSpreadNorExtrapolates() {
        int n = 1000;
        double[][] raw = new double[n][PromptFeatures.NAMES.size()];
        for (int i = 0; i < n; i++) raw[i][0] = i;
        raw[n - 1][0] = 1e6;
        var feature = DifficultyTrainer.standardisation(raw, new boolean[n]).getFirst();

        assertThat(feature.high()).isLessThan(1000);
        assertThat(feature.spread()).isBetween(280.0, 300.0);
        assertThat(feature.standardised(1e9)).isEqualTo(feature.standardised(feature.high()));
        assertThat(feature.standardised(-5)).isEqualTo(feature.standardised(feature.low()));
    }
}
