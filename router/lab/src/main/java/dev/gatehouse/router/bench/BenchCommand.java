package dev.gatehouse.router.bench;

import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse bench}: measures, side by side in one run on one model and prompt, generation through the binding
 * in process, through a worker process, and through the HTTP SSE endpoint; then the memory a worker holds and returns.
 * Writes its section of {@code docs/BENCHMARKS.md}.
 */
@Command(name = "bench", description = "Benchmark direct vs worker vs HTTP generation and worker memory; writes docs/BENCHMARKS.md.",
        subcommands = EngineBenchCommand.class)
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", description = "GGUF to generate with (default: ../shared/models/stories260K.gguf, else a generated one).")
    Path model;

    @Option(names = "--tokens", description = "Tokens per generation (default ${DEFAULT-VALUE}).", defaultValue = "256")
    int tokens;

    @Option(names = "--rounds", description = "Timed rounds; each runs every path once, in rotating order (default ${DEFAULT-VALUE}).", defaultValue = "15")
    int rounds;

    @Option(names = "--memory-model-mib", description = "Size of the generated model for the memory test (default ${DEFAULT-VALUE}).", defaultValue = "200")
    int memoryModelMib;

    @Option(names = "--cycles", description = "Load/unload cycles for the leak comparison (default ${DEFAULT-VALUE}).", defaultValue = "8")
    int cycles;

    @Option(names = "--threads", description = "llama.cpp threads in every path (default: cores - 1, leaving one for the server and client).")
    Integer threads;

    @Option(names = "--out", description = "Markdown file to write the section into (default ${DEFAULT-VALUE}).", defaultValue = "docs/BENCHMARKS.md")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("gatehouse-bench-");
        Path file = model != null ? model : defaultModel(work);
        Path big = work.resolve("random-" + memoryModelMib + "mib.gguf");
        RandomLlamaGguf.write(big, RandomLlamaSpec.ofApproxBytes(memoryModelMib * 1024L * 1024L));

        var report = new BenchReport(file, tokens, rounds);
        var memory = new MemoryBench(work, log);
        report.memory(memory.measure("stories/default model", file), memory.measure("generated " + memoryModelMib + " MiB model", big));
        int llamaThreads = threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        var generation = new GenerationBench(work, log);
        report.generation(file, generation.run(file, tokens, rounds, llamaThreads), llamaThreads);
        report.httpBaseline(generation.httpBaselineMillis());
        report.generation(big, generation.run(big, tokens, rounds, llamaThreads), llamaThreads);
        report.leaks(memory.leakComparison(big, cycles));
        report.writeInto(out);
        log.println("wrote " + out.toAbsolutePath());
        return 0;
    }

    private static Path defaultModel(Path work) throws java.io.IOException {
        Path shared = Path.of(System.getProperty("gatehouse.shared.models", "../shared/models"), "stories260K.gguf");
        if (Files.isRegularFile(shared)) return shared;
        Path generated = work.resolve("tiny.gguf");
        RandomLlamaGguf.write(generated, RandomLlamaSpec.tiny());
        return generated;
    }
}
