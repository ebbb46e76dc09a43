package dev.gatehouse.router.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.cli.GatehouseCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code eval leak} end to end: a real server, a real recording provider on loopback, the fixture's five sentences.
 * Its last sentence labels an ordinary word ("mysterious") as an organisation, which nothing can recognise: with the
 * provider approved for public data it must be reported as leaked, so the command is shown to catch a leak.
 */
class LeakEvalCommandTest {
    private record Run(int code, String out, String err) {}

    private static Run gatehouse(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = GatehouseCli.run(args, new PrintWriter(out), new PrintWriter(err), Map.of(), dir -> {
            throw new AssertionError("eval leak loads no models");
        });
        return new Run(code, out.toString(), err.toString());
    }

    private static String fixture() throws Exception {
        return Path.of(LeakEvalCommandTest.class.getResource("/privacy/pii-fixture.json").toURI()).toString();
    }

    @Test
    void aValueNothingRecognisesIsReportedAsLeakedToAProviderApprovedForPublicData() throws Exception {
        Run run = gatehouse("eval", "leak", "--data", fixture(), "--classes", "public", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("sentences").asInt()).isEqualTo(5);
        assertThat(json.get("withLabelledValues").asInt()).isEqualTo(3);
        // the two plain questions and the unrecognised sentence went out; the phone, name and card stayed home
        assertThat(json.get("reachedProvider").asInt()).isEqualTo(3);
        assertThat(json.get("leakedSentences").asInt()).isEqualTo(1);
        assertThat(json.at("/leakedByType/ORGANIZATION").asInt()).isEqualTo(1);
        assertThat(json.at("/leaked/0/index").asInt()).isEqualTo(4);
    }

    @Test
    void nothingLeaksToAProviderApprovedForInternalDataAndThePlainSentencesAreNotSentThere() throws Exception {
        Run run = gatehouse("eval", "leak", "--data", fixture(), "--classes", "internal", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("leakedSentences").asInt()).isZero();
        assertThat(json.get("reachedProvider").asInt()).as("public text goes only where public is approved").isZero();
        assertThat(json.at("/statuses/403").asInt()).isEqualTo(5);
    }

    @Test
    void aClassThatCannotBeApprovedIsRefusedByName() throws Exception {
        Run run = gatehouse("eval", "leak", "--data", fixture(), "--classes", "public,restricted");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--classes", "'restricted'");
    }
}
