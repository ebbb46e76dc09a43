package dev.gatehouse.router.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.cli.GatehouseCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatehouse bench engine} end to end with tiny counts: real engines, real workers, a real server. No timings asserted. */
class EngineBenchCommandTest {
    private record Run(int code, String out, String err) {}

    private static Run gatehouse(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = GatehouseCli.run(args, new PrintWriter(out), new PrintWriter(err), Map.of(), dir -> {
            throw new AssertionError("bench engine builds its own pools");
        });
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void everyPathRunsAtEveryLevelAndTheEngineSectionIsWrittenBesideTheOthers(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("BENCHMARKS.md");
        Files.writeString(md, "# Benchmarks\n\n<!-- bench:generation -->\nkeep me\n<!-- /bench:generation -->\n");

        Run run = gatehouse("bench", "engine", "--tokens", "4", "--rounds", "1", "--streams", "1,2",
                "--random-model-bytes", "3000000", "--random-model-types", "F16", "--threads", "1", "--out", md.toString());

        assertThat(run.code()).as(run.err() + run.out()).isZero();
        String written = Files.readString(md);
        assertThat(written).contains("keep me").contains("<!-- bench:engine -->").contains("<!-- /bench:engine -->");
        for (String model : new String[] {"stories260K.gguf", "random-llama-f16-3mb.gguf"}) {
            String table = written.substring(written.indexOf("#### `" + model + "`"));
            for (String level : new String[] {"1", "2"}) {
                for (String path : new String[] {"(a) llama.cpp in process", "(b) java-llama.cpp, HTTP SSE",
                        "(c) llama.cpp, HTTP SSE"}) {
                    assertThat(table).contains("| " + level + " | " + path + " | ");
                }
            }
        }
        // the targets are judged on the generated model only, and need a 1-stream and an 8-stream level for scaling
        assertThat(written).contains("(c) ≥ 0.97 × (a) at 1 stream on `random-llama-f16-3mb.gguf`")
                .doesNotContain("at 1 stream on `stories260K.gguf`")
                .doesNotContain("aggregate at 8 streams");
    }

    @Test
    void aConcurrencyLevelOutsideOneToSixtyFourIsRefusedByName(@TempDir Path dir) {
        Run run = gatehouse("bench", "engine", "--streams", "1,0", "--out", dir.resolve("B.md").toString());

        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("--streams must list levels in [1, 64], was [1, 0]");
        assertThat(dir.resolve("B.md")).doesNotExist();
    }

    @Test
    void aTypeTheGgufWriterCannotEncodeIsRefusedNamingTheOnesItCan(@TempDir Path dir) {
        Run run = gatehouse("bench", "engine", "--random-model-types", "F16,Q4_K", "--out", dir.resolve("B.md").toString());

        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("--random-model-types must list types of [Q4_0, Q8_0, F16, F32]")
                .contains("[F16, Q4_K]");
    }
}
