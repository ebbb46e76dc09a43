package dev.gatehouse.router.capacity;

import dev.gatehouse.hardware.GpuReader;
import dev.gatehouse.hardware.OshiHardwareProbe;
import dev.gatehouse.manifest.gguf.GgmlType;
import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse estimate-accuracy}: how close {@code MemoryEstimator} comes to what a worker really holds, on the
 * shared real models and on generated ones of realistic sizes, at several contexts and slot counts. Writes the
 * {@code memory-estimate} section of {@code docs/BENCHMARKS.md}.
 */
@Command(name = "estimate-accuracy",
        description = "Measure memory estimates against worker RSS on real and generated GGUFs; writes docs/BENCHMARKS.md.")
public final class EstimateAccuracyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--models-dir", description = "Folder with stories260K.gguf and llama-2-tiny-random.gguf "
            + "(default: the gatehouse.shared.models property, else ../shared/models); skipped when absent.")
    Path modelsDir;

    @Option(names = "--sizes-mib", split = ",", description = "File sizes of the generated models, each written in "
            + "F32 and F16 (default ${DEFAULT-VALUE}).", defaultValue = "50,200,800")
    List<Integer> sizesMib;

    @Option(names = "--threads", description = "llama.cpp threads per worker (default: all cores).")
    Integer threads;

    @Option(names = "--out", description = "Markdown file to write the section into (default ${DEFAULT-VALUE}).",
            defaultValue = "docs/BENCHMARKS.md")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("gatehouse-estimate-");
        var measurement = new AccuracyMeasurement(work,
                threads != null ? threads : Runtime.getRuntime().availableProcessors(), log);
        List<AccuracyCase.Result> results = new ArrayList<>();
        for (AccuracyCase c : cases(work, log)) {
            results.add(measurement.measure(c));
        }
        var machine = new OshiHardwareProbe(GpuReader.none("not needed"), Clock.systemUTC()).snapshot();
        new AccuracyReport(results, machine, "./gatehouse estimate-accuracy --sizes-mib "
                + String.join(",", sizesMib.stream().map(String::valueOf).toList())).writeInto(out);
        log.println("wrote " + out.toAbsolutePath());
        for (AccuracyCase c : results.stream().map(AccuracyCase.Result::of).toList()) {
            if (c.file().startsWith(work)) {
                Files.deleteIfExists(c.file());
            }
        }
        return 0;
    }

    /** Contexts stay within the models' trained context (2048 for stories260K). */
    private List<AccuracyCase> cases(Path work, PrintWriter log) throws java.io.IOException {
        List<AccuracyCase> cases = new ArrayList<>();
        Path shared = modelsDir != null ? modelsDir
                : Path.of(System.getProperty("gatehouse.shared.models", "../shared/models"));
        Path stories = shared.resolve("stories260K.gguf");
        Path tinyRandom = shared.resolve("llama-2-tiny-random.gguf");
        if (Files.isRegularFile(stories) && Files.isRegularFile(tinyRandom)) {
            cases.add(new AccuracyCase("stories260K", stories, 512, 1));
            cases.add(new AccuracyCase("stories260K", stories, 2048, 1));
            cases.add(new AccuracyCase("stories260K", stories, 1024, 4));
            cases.add(new AccuracyCase("llama-2-tiny-random (32k vocab)", tinyRandom, 512, 1));
            cases.add(new AccuracyCase("llama-2-tiny-random (32k vocab)", tinyRandom, 2048, 2));
        } else {
            log.println("NOTE: " + shared + " has no stories260K.gguf / llama-2-tiny-random.gguf; generated models only");
        }
        for (int mib : sizesMib) {
            for (GgmlType type : List.of(GgmlType.F32, GgmlType.F16)) {
                long bytes = (long) mib << 20;
                // F16 halves the bytes per weight: ask for twice the F32 size to get a file of the same size.
                RandomLlamaSpec spec = RandomLlamaSpec.ofApproxBytes(type == GgmlType.F16 ? 2 * bytes : bytes)
                        .withTensorType(type).withContext(8192);
                Path file = work.resolve("random-" + mib + "mib-" + type.name().toLowerCase() + ".gguf");
                RandomLlamaGguf.write(file, spec);
                String label = "random " + type + " (n_embd " + spec.embedding() + ")";
                cases.add(new AccuracyCase(label, file, 512, 1));
                cases.add(new AccuracyCase(label, file, 2048, 1));
                if (mib <= 200) {
                    cases.add(new AccuracyCase(label, file, 1024, 4));
                } else {
                    cases.add(new AccuracyCase(label, file, 1024, 2));
                }
            }
        }
        return cases;
    }
}
