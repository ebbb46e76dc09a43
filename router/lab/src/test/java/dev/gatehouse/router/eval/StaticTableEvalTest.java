package dev.gatehouse.router.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.ModelLoader;
import dev.gatehouse.router.cli.GatehouseCli;
import dev.gatehouse.router.features.MiniLmEmbedder;
import dev.gatehouse.router.features.StaticTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluations run on a static table instead of MiniLM ({@code --embedder FILE}): a random table over MiniLM's
 * vocabulary (30,522 × 8) is enough to show which vectors are used and named.
 */
class StaticTableEvalTest {
    static final ModelLoader NO_LOADS = (spec, slots, context) -> {
        throw new InferenceException(InferenceException.Kind.MODEL_NOT_READY, "tests load nothing");
    };

    @TempDir
    Path dir;
    Path table;
    Path routing;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return GatehouseCli.run(args, new PrintWriter(out), new PrintWriter(err), Map.of(), d -> NO_LOADS);
    }

    @BeforeEach
    void writeFixtures() throws IOException {
        Random random = new Random(3);
        float[] values = new float[30_522 * 8];
        for (int i = 0; i < values.length; i++) values[i] = (float) random.nextGaussian();
        table = dir.resolve("table.bin");
        new StaticTable("test-static-table", 30_522, 8, values).write(table);
        routing = Files.createDirectory(dir.resolve("routing"));
        for (String subject : new String[] {"algebra", "history"}) {
            var csv = new StringBuilder("prompt,small,large\n");
            for (int i = 0; i < 12; i++) {
                boolean hard = i % 3 == 0;
                String prompt = hard ? "Compute " + (17 * i) + " * " + (23 + i) + " exactly." : "In " + subject + ", name item " + i + ".";
                csv.append('"').append(prompt).append("\",").append(hard ? "False" : "True").append(",True\n");
            }
            Files.writeString(routing.resolve(subject + ".csv"), csv);
        }
    }

    @Test
    void evalRoutingTrainsOnTheTablesVectorsAndCachesThemUnderItsName() {
        Path cache = dir.resolve("cache");
        int code = run("eval", "routing", "--data", routing.toString(), "--embedder", table.toString(), "--embedding-cache", cache.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("learned", "APGR");
        assertThat(cache.resolve("test-static-table-8.emb")).exists();
        assertThat(cache.resolve(MiniLmEmbedder.NAME + "-384.emb")).doesNotExist();
    }

    @Test
    void aModelTrainedOnMiniLmVectorsIsRefusedWithAStaticTable() {
        int code = run("eval", "routing", "--data", routing.toString(), "--model", "builtin", "--embedder", table.toString(),
                "--embedding-cache", dir.resolve("cache").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("was trained on " + MiniLmEmbedder.NAME + " vectors, --embedder gives test-static-table ones")
                .doesNotContain("\tat ");
    }

    @Test
    void evalCategoryScoresWithTheTable() throws IOException {
        Path data = Files.writeString(dir.resolve("labelled.jsonl"), """
                {"prompt": "Write a Python function that sorts a list.", "category": "coding"}
                {"prompt": "Solve 3x + 5 = 20 for x.", "category": "math"}
                {"prompt": "Write a short poem about rain.", "category": "creative"}
                """);
        assertThat(run("eval", "category", "--data", data.toString(), "--embedder", table.toString(), "--folds", "0"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("embedder: " + table, "prior: accuracy");
    }

    @Test
    void theBenchmarksSectionIsNeverWrittenFromAStaticTable() throws IOException {
        Path data = Files.writeString(dir.resolve("labelled.jsonl"), "{\"prompt\": \"hi\", \"category\": \"chit-chat\"}\n");
        Path doc = Files.writeString(dir.resolve("BENCHMARKS.md"), "# figures\n");
        assertThat(run("eval", "category", "--data", data.toString(), "--embedder", table.toString(), "--write-benchmarks",
                doc.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--write-benchmarks records the routing embedder (minilm); --embedder was " + table);
        assertThat(Files.readString(doc)).isEqualTo("# figures\n");
    }

    @Test
    void anEmbedderThatIsNeitherMiniLmNorAFileIsNamed() throws IOException {
        Path data = Files.writeString(dir.resolve("labelled.jsonl"), "{\"prompt\": \"hi\", \"category\": \"chit-chat\"}\n");
        assertThat(run("eval", "category", "--data", data.toString(), "--embedder", "minilm-l12")).isEqualTo(2);
        assertThat(err.toString()).contains("--embedder: expected 'minilm', 'minilm-N' or a static table file; no such file: minilm-l12");
    }
}
