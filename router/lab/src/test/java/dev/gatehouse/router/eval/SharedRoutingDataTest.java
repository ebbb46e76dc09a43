package dev.gatehouse.router.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.cli.GatehouseCli;
import dev.gatehouse.router.difficulty.RoutingTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers and the evaluation on the shared RouteLLM and RouterBench files (skipped loudly when absent). */
class SharedRoutingDataTest {
    @TempDir
    Path dir;
    Path routing;

    @BeforeEach
    void findSharedData() {
        String eval = System.getProperty("gatehouse.shared.eval", "../../shared/eval");
        routing = Path.of(eval, "routing");
        assumeTrue(Files.isDirectory(routing.resolve("routellm-mmlu")) && Files.isDirectory(routing.resolve("routerbench-train")),
                "SKIPPED: shared routing data not found at " + routing.toAbsolutePath()
                        + " (set -Dgatehouse.shared.eval); the fixture tests in RoutingEvalCommandTest still run");
    }

    @Test
    void theRouteLlmMmluFilesReadAsDocumented() throws IOException {
        var table = RoutingTable.read(routing.resolve("routellm-mmlu"));
        assertThat(table.size()).isEqualTo(14042);
        assertThat(table.groups()).hasSize(57);
        assertThat(table.accuracy("mistralai/Mixtral-8x7B-Instruct-v0.1")).isCloseTo(0.681, org.assertj.core.data.Offset.offset(0.001));
        assertThat(table.accuracy("gpt-4-1106-preview")).isCloseTo(0.806, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void theRouterBenchFilesReadWithElevenModelsAndPerCallCosts() throws IOException {
        var table = RoutingTable.read(routing.resolve("routerbench-train"));
        assertThat(table.models()).hasSize(11).contains("gpt-4-1106-preview", "mistralai/mixtral-8x7b-chat");
        assertThat(table.groups()).containsExactlyInAnyOrder("arc-challenge", "mbpp", "winogrande");
        var examples = table.pair("mistralai/mixtral-8x7b-chat", "gpt-4-1106-preview");
        assertThat(examples).allMatch(e -> e.hasCosts() && !e.prompt().startsWith("['"));
        assertThat(table.mostAccurate()).isEqualTo("gpt-4-1106-preview");
    }

    @Test
    void theBuiltinModelEvaluatesOnMbppWithPerCallCosts() throws IOException {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = GatehouseCli.run(new String[] {"eval", "routing", "--data", routing.resolve("routerbench-train/mbpp_train.csv").toString(),
                "--model", "builtin", "--weak", "mistralai/mixtral-8x7b-chat", "--strong", "gpt-4-1106-preview", "--json",
                "--embedding-cache", dir.toString()}, new PrintWriter(out), new PrintWriter(err), Map.of(), d -> null);
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("testPrompts").asInt()).isEqualTo(299);
        assertThat(json.get("costSource").asText()).contains("per-call");
        assertThat(json.get("apgr").asDouble()).isBetween(0.0, 1.5);
        assertThat(json.get("baselines").get("oracle").get("apgr").asDouble()).isGreaterThan(json.get("apgr").asDouble());
    }
}
