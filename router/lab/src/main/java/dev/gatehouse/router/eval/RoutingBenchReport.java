package dev.gatehouse.router.eval;

import dev.gatehouse.router.bench.BenchmarksFile;
import dev.gatehouse.router.bench.MachineDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Renders {@code eval routing-bench} as the {@code bench:routing} section of docs/BENCHMARKS.md. */
final class RoutingBenchReport {

    private final Map<String, RoutingBenchCommand.RoutingRun> runs;
    private final List<RoutingBenchCommand.RoutingRun> halves;
    private final RoutingBenchCommand.Latency latency;

    RoutingBenchReport(Map<String, RoutingBenchCommand.RoutingRun> runs, List<RoutingBenchCommand.RoutingRun> halves,
            RoutingBenchCommand.Latency latency) {
        this.runs = runs;
        this.halves = halves;
        this.latency = latency;
    }

    void writeInto(Path file) throws IOException {
        BenchmarksFile.writeSection(file, "routing", render());
    }

    String render() {
        var md = new StringBuilder();
        md.append("## Difficulty routing: learned scorer vs length heuristic, random and oracle\n\n");
        md.append("Command: `./gatehouse eval routing-bench` (run ").append(LocalDate.now())
                .append("); each row below is also `./gatehouse eval routing --data … [--train …]`.\n\n");
        md.append("Machine: ").append(MachineDescription.describe()).append(".\n\n");
        md.append("Method: the difficulty model (two logistic heads on the all-MiniLM-L6-v2 embedding of the prompt plus 17 "
                + "cheap text features, one for P(weak model correct) and one for P(strong model correct); the score is their "
                + "difference, the strong model's expected gain, plus a topic prior — the strong model's mean gain near the "
                + "prompt's nearest k-means centroids — whose share, like each head's L2, is picked on validation "
                + "rows held out the way the test is: prompts for held-out prompts, subjects/benchmarks otherwise, where the "
                + "prior is left out; the heads, solved to their optimum by L-BFGS, are then solved again on all training rows "
                + "in 5 bags of 70% of the subjects; the seed draws the bags and, under 5,000 training rows, the folds that pick the "
                + "L2, so every row is also trained at seeds 2–" + RoutingBenchCommand.SEEDS + ") is trained on one set and replays a set it never saw through the real "
                + "embedder and scorer; \"strong if difficulty ≥ threshold\" is swept over every threshold. APGR = area under the "
                + "performance-gap-recovered curve over the share of strong calls (random = 0.5); CPT(x) = share of strong "
                + "calls needed to recover x of the gap; cost saved = 1 − cost / all-strong cost at the cheapest point reaching "
                + "95% of the strong model's quality; strong calls saved = 1 − the share of strong calls at that point (every "
                + "call priced the same, RouteLLM's way of counting). Length = \"longer prompt → strong model\"; random = the expected "
                + "straight line; oracle = strong model exactly where it wins. MMLU costs: estimated prompt tokens × $0.24 "
                + "(Mixtral) / $24.7 (GPT-4) per million; RouterBench: its per-call USD costs. Held-out prompts: half of the "
                + "prompts, by a hash of their text, are test only. Held-out subjects: subjects "
                + "sorted by name, every 2nd one is test only. RouteLLM's bar: ~45% cost saving at 95% of GPT-4 quality on "
                + "MMLU (their routers were trained with in-distribution MMLU labels).\n\n");
        for (var entry : runs.entrySet()) {
            var r = entry.getValue().result();
            md.append("### ").append(entry.getKey()).append("\n\n");
            md.append(String.format(Locale.ROOT, "%s. Weak `%s` quality %.3f, strong `%s` quality %.3f, %d test prompts; "
                            + "cost from %s.%n%n", entry.getValue().description(), r.weakModel(), r.learned().weakQuality(),
                    r.strongModel(), r.learned().strongQuality(), r.testPrompts(), r.costSource()));
            md.append("| router | APGR | CPT(50%) | CPT(80%) | cost saved at 95% of strong quality | strong calls saved at 95% |\n"
                    + "|---|---|---|---|---|---|\n");
            RoutingResultFormat.routers(r).forEach((name, c) -> md.append(String.format(Locale.ROOT, "| %s | %.3f | %s | %s | %s | %s |%n",
                    name, c.apgr(), RoutingResultFormat.percent(c.cpt(0.5)), RoutingResultFormat.percent(c.cpt(0.8)),
                    RoutingResultFormat.percent(c.savingsAt(0.95)), RoutingResultFormat.percent(c.callSavingsAt(0.95)))));
            md.append('\n').append(r.versusLength().describe()).append(".\n");
            var seeds = entry.getValue().seedApgrs();
            if (seeds.size() > 1) {
                md.append("Learned APGR at seeds 1–").append(seeds.size()).append(": ")
                        .append(String.join(", ", seeds.stream().map(a -> String.format(Locale.ROOT, "%.3f", a)).toList()))
                        .append(" (length ").append(String.format(Locale.ROOT, "%.3f", r.length().apgr())).append(").\n");
            }
            md.append('\n');
        }
        if (!halves.isEmpty()) appendHalves(md);
        md.append(String.format(Locale.ROOT, "Scorer latency (builtin model, %d MMLU prompts of %.0f characters on average, one "
                        + "at a time after 30 warm-up prompts, measured by the command, not a test): embedding + scoring "
                        + "median %.2f ms, p90 %.2f ms, p99 %.2f ms; the logistic model alone median %.1f µs. Load average when "
                        + "it finished: %s (other jobs shared the cores; quiet-machine figures are lower).%n%n",
                latency.prompts(), latency.meanChars(), latency.embedMedianMs(), latency.embedP90Ms(), latency.embedP99Ms(),
                latency.scoreMedianMicros(), loadAverage()));
        return md.toString();
    }

    private static String loadAverage() {
        try {
            return String.join(" ", java.util.Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private void appendHalves(StringBuilder md) {
        md.append("### MMLU, held-out subjects, ").append(halves.size()).append(" random halves\n\n");
        md.append("The same evaluation with a seeded random half of the 57 subjects held out each time (`--split random-groups "
                + "--seed 1..").append(halves.size()).append("`), because MMLU's subjects differ so much in how much the "
                + "strong model gains over the weak one that a single split mostly says which subjects landed on which side.\n\n");
        md.append("| router | mean APGR | min | max | splits where learned beats length | mean saving at 95% |\n|---|---|---|---|---|---|\n");
        long wins = halves.stream().filter(h -> h.result().learned().apgr() > h.result().length().apgr()).count();
        long savingWins = halves.stream().filter(h -> h.result().learned().savingsAt(0.95) > h.result().length().savingsAt(0.95)).count();
        appendHalfRow(md, "learned", r -> r.result().learned().apgr(), r -> r.result().learned().savingsAt(0.95),
                wins + " of " + halves.size() + " (APGR), " + savingWins + " of " + halves.size() + " (saving)");
        appendHalfRow(md, "length", r -> r.result().length().apgr(), r -> r.result().length().savingsAt(0.95), "");
        md.append('\n');
    }

    private void appendHalfRow(StringBuilder md, String name, ToDoubleFunction<RoutingBenchCommand.RoutingRun> apgr,
            ToDoubleFunction<RoutingBenchCommand.RoutingRun> saving, String wins) {
        var stats = halves.stream().mapToDouble(apgr).summaryStatistics();
        double meanSaving = halves.stream().mapToDouble(saving).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
        md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %s | %s |%n", name, stats.getAverage(), stats.getMin(),
                stats.getMax(), wins, RoutingResultFormat.percent(meanSaving)));
    }
}
