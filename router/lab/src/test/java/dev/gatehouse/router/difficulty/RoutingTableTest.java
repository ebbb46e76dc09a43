package dev.gatehouse.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingTableTest {
    @TempDir
    Path dir;

    @Test
    void routeLlmLayoutReadsMultiLinePromptsAndNamesTheGroupAfterTheFile() throws IOException {
        Files.writeString(dir.resolve("mmlu_anatomy.csv"), """
                prompt,weak-model,strong-model
                "Which bone?
                A. femur
                B. ulna
                Answer:",True,True
                "Two, with a comma",False,True
                """);
        var table = RoutingTable.read(dir);

        assertThat(table.models()).containsExactly("weak-model", "strong-model");
        assertThat(table.accuracy("weak-model")).isEqualTo(0.5);
        assertThat(table.mostAccurate()).isEqualTo("strong-model");
        assertThat(table.defaultWeak()).isEqualTo("weak-model");
        var examples = table.pair("weak-model", "strong-model");
        assertThat(examples.getFirst().prompt()).isEqualTo("Which bone?\nA. femur\nB. ulna\nAnswer:");
        assertThat(examples.getFirst().group()).isEqualTo("mmlu_anatomy");
        assertThat(examples.get(1).strongWins()).isTrue();
        assertThat(examples.get(1).hasCosts()).isFalse();
    }

    @Test
    void routerBenchLayoutReadsScoresCostsAndEvalNameAndSkipsRowsWithoutScores() throws IOException {
        Files.writeString(dir.resolve("bench.csv"), """
                ,sample_id,prompt,eval_name,cheap,dear,cheap|model_response,cheap|total_cost,dear|total_cost,oracle_model_to_route_to
                0,a.1,"['Write a function\\nthat adds']",mbpp,0.0,1.0,"def f(): ...",0.0001,0.01,dear
                1,a.2,"['Pick A or B']",winogrande,1.0,1.0,B,0.0002,0.02,cheap
                2,a.3,"['broken']",winogrande,,1.0,,,0.02,dear
                """);
        var table = RoutingTable.read(dir.resolve("bench.csv"));

        assertThat(table.models()).containsExactly("cheap", "dear");
        assertThat(table.defaultWeak()).isEqualTo("cheap");
        var examples = table.pair("cheap", "dear");
        assertThat(examples).hasSize(2);
        assertThat(examples.getFirst().prompt()).isEqualTo("Write a function\nthat adds");
        assertThat(examples.getFirst().group()).isEqualTo("mbpp");
        assertThat(examples.getFirst().weakCost()).isEqualTo(0.0001);
        assertThat(examples.getFirst().strongCost()).isEqualTo(0.01);
        assertThat(table.groups()).containsExactly("mbpp", "winogrande");
    }

    @Test
    void aFileWithoutAPromptColumnIsRefusedByName() throws IOException {
        Files.writeString(dir.resolve("bad.csv"), "question,a,b\nq,True,False\n");
        assertThatThrownBy(() -> RoutingTable.read(dir.resolve("bad.csv"))).hasMessageContaining("bad.csv")
                .hasMessageContaining("no 'prompt' column");
    }

    @Test
    void anUnknownModelIsRefusedWithTheModelsThatExist() throws IOException {
        Files.writeString(dir.resolve("x.csv"), "prompt,a,b\nq,True,maybe\n");
        assertThatThrownBy(() -> RoutingTable.read(dir.resolve("x.csv"))).hasMessageContaining("'b'").hasMessageContaining("maybe");
        Files.writeString(dir.resolve("x.csv"), "prompt,a,b\nq,True,False\n");
        assertThatThrownBy(() -> RoutingTable.read(dir.resolve("x.csv")).pair("a", "gpt-9")).hasMessageContaining("[a, b]");
    }
}
