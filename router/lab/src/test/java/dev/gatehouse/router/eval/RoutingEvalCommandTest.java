package dev.gatehouse.router.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.ModelLoader;
import dev.gatehouse.router.cli.GatehouseCli;
import dev.gatehouse.router.difficulty.DifficultyModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train-router} and {@code eval routing} end to end, on a fixture of our own, with the real MiniLM embedder. */
class RoutingEvalCommandTest {
    static final ModelLoader NO_LOADS = (spec, slots, context) -> {
        throw new InferenceException(InferenceException.Kind.MODEL_NOT_READY, "tests load nothing");
    };

    @TempDir
    Path dir;
    Path data;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return GatehouseCli.run(args, new PrintWriter(out), new PrintWriter(err), Map.of(), d -> NO_LOADS);
    }

    /** Four subjects; the weak model fails the arithmetic questions that the strong one gets right. */
    @BeforeEach
    void writeFixture() throws IOException {
        data = Files.createDirectory(dir.resolve("data"));
        String[] subjects = {"algebra", "biology", "geometry", "history"};
        for (int s = 0; s < subjects.length; s++) {
            var csv = new StringBuilder("prompt,small,large\n");
            for (int i = 0; i < 12; i++) {
                boolean hard = i % 3 == 0;
                String prompt = hard ? "Compute " + (17 * i + s) + " * " + (23 + i) + " - " + (i * s) + " exactly.\nA. 1\nB. 2\nAnswer:"
                        : "In " + subjects[s] + ", which word names item " + i + "?\nA. this\nB. that\nAnswer:";
                csv.append('"').append(prompt).append("\",").append(hard ? "False" : "True").append(',').append("True\n");
            }
            Files.writeString(data.resolve(subjects[s] + ".csv"), csv);
        }
    }

    @Test
    void evalRoutingPrintsTheCurveAndEveryBaselineAsJson() throws IOException {
        int code = run("eval", "routing", "--data", data.toString(), "--json", "--embedding-cache", dir.resolve("cache").toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.has("apgr") && json.has("cpt50") && json.has("cpt80") && json.has("savingsAt95")).isTrue();
        assertThat(json.get("curve")).hasSize(101);
        assertThat(json.get("curve").get(0).get("strongShare").asDouble()).isZero();
        assertThat(json.get("curve").get(100).get("quality").asDouble()).isEqualTo(1.0);
        assertThat(json.get("testPrompts").asInt()).isBetween(12, 36);
        assertThat(json.get("baselines").get("random").get("apgr").asDouble()).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.get("baselines").get("oracle").get("apgr").asDouble())
                .isGreaterThanOrEqualTo(json.get("apgr").asDouble());
        assertThat(json.get("baselines").has("length")).isTrue();
        var versus = json.get("versusLength");
        assertThat(versus.get("apgrDifference").asDouble()).isEqualTo(
                json.get("apgr").asDouble() - json.get("baselines").get("length").get("apgr").asDouble(),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(versus.get("low").asDouble()).isLessThanOrEqualTo(versus.get("high").asDouble());
        assertThat(versus.get("resampled").asText()).isEqualTo("prompts");
        assertThat(json.get("setup").asText()).contains("split by prompt", "held-out test prompts");
    }

    @Test
    void splittingByGroupHoldsOutEverySecondSubject() throws IOException {
        int code = run("eval", "routing", "--data", data.toString(), "--split", "groups", "--json", "--embedding-cache",
                dir.resolve("cache").toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("testPrompts").asInt()).isEqualTo(24);
        assertThat(json.get("setup").asText()).contains("groups never trained on");
    }

    @Test
    void aSingleCsvIsSplitByPromptWithoutNeedingTrainingData() throws IOException {
        Path single = dir.resolve("all.csv");
        var rows = new StringBuilder("prompt,small,large\n");
        for (String subject : new String[] {"algebra", "biology", "geometry", "history"}) {
            rows.append(Files.readString(data.resolve(subject + ".csv")).lines().skip(1)
                    .collect(java.util.stream.Collectors.joining("\n", "", "\n")));
        }
        Files.writeString(single, rows);
        int code = run("eval", "routing", "--data", single.toString(), "--json", "--embedding-cache", dir.resolve("cache").toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("testPrompts").asInt()).isBetween(12, 36);
        assertThat(json.has("apgr")).isTrue();
    }

    @Test
    void anUnknownSplitIsAOneLineErrorNamingTheFlag() {
        assertThat(run("eval", "routing", "--data", data.toString(), "--split", "halves")).isEqualTo(2);
        assertThat(err.toString()).contains("--split: expected 'prompts', 'groups' or 'random-groups', was 'halves'").doesNotContain("\tat ");
    }

    @Test
    void theLearnedRouterFindsTheArithmeticQuestionsInSubjectsItNeverSaw() throws IOException {
        run("eval", "routing", "--data", data.toString(), "--split", "groups", "--json", "--embedding-cache",
                dir.resolve("cache").toString());
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("apgr").asDouble()).isGreaterThan(0.8);
        assertThat(json.get("cpt80").asDouble()).isLessThan(0.5);
    }

    @Test
    void evalRoutingPrintsATableWithTheFourRouters() {
        assertThat(run("eval", "routing", "--data", data.toString(), "--train", data.resolve("algebra.csv").toString(),
                "--embedding-cache", dir.resolve("cache").toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("learned", "length", "random", "oracle", "APGR", "CPT(50%)", "100.0%");
    }

    @Test
    void trainRouterWritesAnArtifactAndRecalibrationRewritesOnlyItsTable() throws IOException {
        Path model = dir.resolve("router.json");
        assertThat(run("train-router", "--data", data.toString(), "--out", model.toString(), "--embedding-cache",
                dir.resolve("cache").toString())).as(err.toString()).isZero();
        var trained = DifficultyModel.load(model);
        assertThat(trained.training().rows()).isEqualTo(48);
        assertThat(trained.training().weakModel()).isEqualTo("small");

        Path traffic = dir.resolve("traffic.jsonl");
        Files.writeString(traffic, """
                {"prompt": "Compute 12 * 34 exactly."}
                {"messages": [{"role": "user", "content": "Name a colour."}]}
                "What is 2 + 2?"
                a plain line of text
                "In biology, which word names item 4?\\nA. this\\nB. that\\nAnswer:"
                """ + "\"" + "print(x)\\n".repeat(200) + "\"\n");
        assertThat(run("train-router", "--recalibrate", "--traffic", traffic.toString(), "--model", model.toString()))
                .as(err.toString()).isZero();
        var recalibrated = DifficultyModel.load(model);
        assertThat(recalibrated.calibration().prompts()).isEqualTo(6);
        // the 200-line prompt is far outside the training questions; the copy of one is not
        assertThat(out.toString()).containsPattern("[1-5] of 6 prompts \\(\\d+%\\) are unlike this model's training data");
        assertThat(recalibrated.calibration().source()).contains("traffic.jsonl");
        assertThat(recalibrated.training()).isEqualTo(trained.training());
    }

    @Test
    void trainRouterLeavesOutASubjectWhoseStrongModelScoresFarBelowGuessingAndSaysSo() throws IOException {
        var csv = new StringBuilder("prompt,small,large\n");
        for (int i = 0; i < 40; i++) csv.append("\"Which is item ").append(i).append("?\nA. this\nB. that\nAnswer:\",True,False\n");
        Files.writeString(data.resolve("broken.csv"), csv);
        Path model = dir.resolve("router.json");
        String[] args = {"train-router", "--data", data.toString(), "--out", model.toString(), "--weak", "small",
            "--strong", "large", "--embedding-cache", dir.resolve("cache").toString()};

        assertThat(run(args)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("left out: large is right on 0 of 40 (0.0%) in broken", "2-option");
        assertThat(DifficultyModel.load(model).training().rows()).isEqualTo(48);
        assertThat(DifficultyModel.load(model).training().sources()).contains("left out: broken (labels below guessing)");

        String[] keep = java.util.Arrays.copyOf(args, args.length + 1);
        keep[args.length] = "--keep-suspect-groups";
        assertThat(run(keep)).as(err.toString()).isZero();
        assertThat(DifficultyModel.load(model).training().rows()).isEqualTo(88);
    }

    @Test
    void evalRoutingNamesASubjectWhoseLabelsAreBelowGuessingButEvaluatesItAsGiven() throws IOException {
        var csv = new StringBuilder("prompt,small,large\n");
        for (int i = 0; i < 80; i++) csv.append("\"Which is item ").append(i).append("?\nA. this\nB. that\nAnswer:\",True,False\n");
        Files.writeString(data.resolve("broken.csv"), csv);

        assertThat(run("eval", "routing", "--data", data.toString(), "--weak", "small", "--strong", "large",
                "--embedding-cache", dir.resolve("cache").toString())).as(err.toString()).isZero();

        assertThat(out.toString()).containsPattern("suspect labels: large is right on 0 of \\d+ \\(0.0%\\) in broken");
    }

    @Test
    void missingDataIsAOneLineErrorWithoutAStackTrace() {
        assertThat(run("eval", "routing", "--data", dir.resolve("nope").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file or directory").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run("train-router", "--out", dir.resolve("x.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--data and --out are required");
    }
}
