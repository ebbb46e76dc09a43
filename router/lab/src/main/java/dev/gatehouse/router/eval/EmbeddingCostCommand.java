package dev.gatehouse.router.eval;

import dev.gatehouse.natives.NativeLibraries;
import dev.gatehouse.natives.OnnxEmbedder;
import dev.gatehouse.router.features.MiniLmEmbedder;
import dev.gatehouse.router.features.PieceWindow;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse eval embedding-cost}: what one routing embedding of a new prompt of about 512 tokens costs, per
 * embedder, in one run (so the figures share the machine's load). Each prompt is distinct (the request path's
 * per-prompt cache never helps) and is built by joining lines of the given text file until it has 2,048 characters
 * (about 512 tokens of English); the embedders take turns prompt by prompt so load spikes hit them alike. Two more
 * rows time MiniLM's word-piece window alone: with the tokenizer {@link OnnxEmbedder} reads it with (what a prompt
 * whose window is cached costs), and with DJL's HuggingFace tokenizer (what the static tables' window costs).
 */
@Command(name = "embedding-cost", description = "Time one routing embedding of a new ~512-token prompt, per embedder, in one run.")
public final class EmbeddingCostCommand implements Callable<Integer> {
    static final int PROMPT_CHARS = 2048;

    @Spec
    CommandSpec spec;

    @Option(names = "--text", required = true, description = "A text file whose lines make the prompts (e.g. an eval JSONL file).")
    Path text;

    @Option(names = "--embedder", required = true, description = "'minilm', 'minilm-N' (the first N word pieces) or a static table; repeat to compare.")
    List<String> embedders;

    @Option(names = "--prompts", defaultValue = "300", description = "Prompts timed per embedder (default ${DEFAULT-VALUE}).")
    int prompts;

    @Option(names = "--warmup", defaultValue = "50", description = "Untimed prompts first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(text) || prompts < 1 || warmup < 0) {
            spec.commandLine().getErr().println("eval embedding-cost: --text must be a file, --prompts >= 1, --warmup >= 0");
            return 2;
        }
        List<String> made = prompts(Files.readAllLines(text), warmup + prompts);
        List<EmbedderChoice> opened = new ArrayList<>();
        try {
            for (String option : embedders) opened.add(EmbedderChoice.open(option));
            double[][] millis = new double[opened.size() + 2][prompts];
            long sink = 0;
            NativeLibraries.loadOnnxRuntime();
            // the word-piece window alone, by the embedder's own tokenizer and by DJL's (the static tables' window)
            try (OnnxEmbedder miniLm = OnnxEmbedder.openBuiltin("all-minilm-l6-v2", MiniLmEmbedder.WORD_PIECES, 1);
                    PieceWindow djlWindow = PieceWindow.miniLm()) {
                for (int i = 0; i < made.size(); i++) {
                    for (int e = 0; e < opened.size(); e++) {
                        long started = System.nanoTime();
                        float[] v = opened.get(e).embedder().embed(made.get(i));
                        long took = System.nanoTime() - started;
                        sink += Float.floatToRawIntBits(v[0]);
                        if (i >= warmup) millis[e][i - warmup] = took / 1e6;
                    }
                    long started = System.nanoTime();
                    sink += miniLm.window(made.get(i)).pieces();
                    long windowed = System.nanoTime();
                    sink += djlWindow.ids(made.get(i)).length;
                    if (i >= warmup) {
                        millis[opened.size()][i - warmup] = (windowed - started) / 1e6;
                        millis[opened.size() + 1][i - warmup] = (System.nanoTime() - windowed) / 1e6;
                    }
                }
            }
            out.printf(Locale.ROOT, "%d new prompts of %d characters each (after %d warm-up), one thread; load average %s%n",
                    prompts, PROMPT_CHARS, warmup, loadAverage());
            out.println("| embedder | p50 ms | p90 ms | p99 ms | mean ms |");
            out.println("|---|---|---|---|---|");
            for (int e = 0; e < millis.length; e++) {
                double[] t = millis[e];
                Arrays.sort(t);
                String name = e < opened.size() ? opened.get(e).name()
                        : e == opened.size() ? "(MiniLM's word-piece window only: the tokenizer OnnxEmbedder uses)"
                        : "(the same window by DJL's HuggingFace tokenizer through JNI)";
                out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f |%n", name, t[t.length / 2],
                        t[(int) (t.length * 0.9)], t[Math.min(t.length - 1, (int) (t.length * 0.99))],
                        Arrays.stream(t).average().orElse(0));
            }
            if (sink == 42) out.println(); // keeps the vectors observable
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("eval embedding-cost: " + e.getMessage());
            return 2;
        } finally {
            opened.forEach(EmbedderChoice::close);
        }
        return 0;
    }

    /** {@code count} distinct prompts: a number, then lines of the file in turn, until {@value #PROMPT_CHARS} characters. */
    static List<String> prompts(List<String> lines, int count) {
        List<String> usable = lines.stream().filter(l -> !l.isBlank()).toList();
        if (usable.isEmpty()) throw new IllegalArgumentException("--text has no non-blank line");
        List<String> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < count; i++) {
            StringBuilder prompt = new StringBuilder("Request ").append(i).append(": ");
            while (prompt.length() < PROMPT_CHARS) prompt.append(usable.get(next++ % usable.size())).append(' ');
            out.add(prompt.substring(0, PROMPT_CHARS));
        }
        return out;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
