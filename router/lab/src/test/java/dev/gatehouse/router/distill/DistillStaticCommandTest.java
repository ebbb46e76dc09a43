package dev.gatehouse.router.distill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad options are refused with the option and the value named, before MiniLM is even loaded. */
class DistillStaticCommandTest {

    record Run(int exit, String err) {}

    static Run run(String... args) {
        StringWriter err = new StringWriter();
        var line = new CommandLine(new DistillStaticCommand()).setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()));
        return new Run(line.execute(args), err.toString());
    }

    @Test
    void aMissingCorpusFileIsNamed(@TempDir Path dir) {
        Run run = run("--corpus", dir.resolve("nope.jsonl").toString(), "--out", dir.resolve("t.bin").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--corpus: no such file or directory: ").contains("nope.jsonl");
    }

    @Test
    void aNonPositiveRidgeIsRefusedWithItsValue(@TempDir Path dir) throws Exception {
        Path corpus = Files.writeString(dir.resolve("c.jsonl"), "{\"prompt\":\"hello\"}\n");
        Run run = run("--corpus", corpus.toString(), "--out", dir.resolve("t.bin").toString(), "--ridge", "1e-3,0");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("every --ridge > 0").contains("[0.001, 0.0]");
    }

    @Test
    void aCorpusRowWithoutTextIsNamedByFileAndLine(@TempDir Path dir) throws Exception {
        Path corpus = Files.writeString(dir.resolve("c.jsonl"), "{\"prompt\":\"hello\"}\n{\"label\":\"x\"}\n");
        Run run = run("--corpus", corpus.toString(), "--out", dir.resolve("t.bin").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("c.jsonl line 2: no text field (one of prompt, text, full_text)");
    }
}
