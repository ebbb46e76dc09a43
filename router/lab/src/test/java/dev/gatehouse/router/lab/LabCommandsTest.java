package dev.gatehouse.router.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.inference.NativeModelLoader;
import dev.gatehouse.router.cli.GatehouseCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server's CLI finds the lab's subcommands on the class path, with no dependency of the server on the lab. */
class LabCommandsTest {

    @Test
    void gatehouseHelpListsEveryLabSubcommandWhenTheLabJarIsOnTheClassPath() {
        StringWriter out = new StringWriter();
        int code = GatehouseCli.run(new String[] {"--help"}, new PrintWriter(out), new PrintWriter(new StringWriter()),
                Map.of(), NativeModelLoader::create);

        assertThat(code).isZero();
        for (String command : new String[] {"serve", "bench", "bench-gateway", "train-router", "eval",
                "estimate-accuracy", "soak"}) {
            // picocli lists each subcommand on a line of its own, its name first
            assertThat(out.toString()).containsPattern("(?m)^\\s+" + command + "\\s");
        }
    }

    @Test
    void aLabSubcommandAnswersThroughTheServersCli() {
        StringWriter err = new StringWriter();
        int code = GatehouseCli.run(new String[] {"eval"}, new PrintWriter(new StringWriter()), new PrintWriter(err),
                Map.of(), NativeModelLoader::create);

        // the lab's EvalCommand ran: its own usage error, not picocli's "Unmatched argument"
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("name an evaluation: routing, routing-bench, pii or leak")
                .doesNotContain("Unmatched argument");
    }
}
