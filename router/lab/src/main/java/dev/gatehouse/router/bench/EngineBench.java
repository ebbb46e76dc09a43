package dev.gatehouse.router.bench;

import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.manifest.Engine;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.natives.ChatEngines;
import dev.gatehouse.router.http.Components;
import dev.gatehouse.router.http.GatehouseServer;
import io.helidon.webserver.WebServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For one model file: (a) llama.cpp in process, (b) java-llama.cpp and (c) llama.cpp each behind a real Gatehouse
 * server (HTTP, SSE, worker process), each loaded once per concurrency level with that many slots. Everything is
 * loaded before the first timed round and every round visits every (level, path) cell in rotating order: on a shared
 * machine whose load drifts by the minute, a path's 1-stream and 8-stream figures are then taken minutes apart at
 * most, alternately, instead of one level after the other.
 */
final class EngineBench {
    static final int WARMUP_ROUNDS = 1;
    static final int WARMUP_TOKENS = 8;

    private final Path work;
    private final PrintWriter log;
    private final ChatEngines.LlamaCppLibraries libraries;
    private String engineVersion = "?";

    EngineBench(Path work, PrintWriter log, ChatEngines.LlamaCppLibraries libraries) {
        this.work = work;
        this.log = log;
        this.libraries = libraries;
    }

    /** llama.cpp's version as the in-process engine reported it, once a model has run. */
    String engineVersion() {
        return engineVersion;
    }

    private record Cell(int streams, GenerationPath path) {}

    /** Rounds per path name, per concurrency level (levels and paths in the order given). */
    Map<Integer, Map<String, List<ConcurrentRound>>> run(Path file, List<Integer> levels, int tokens, int rounds,
                                                         int threads) throws Exception {
        List<ModelSpec> specs = new ArrayList<>();
        for (int streams : levels) {
            specs.add(BenchPool.spec(file, newEngineId(streams), Engine.LLAMA_CPP, streams, specs.isEmpty()));
            specs.add(BenchPool.spec(file, oldEngineId(streams), Engine.JAVA_LLAMA_CPP, streams, false));
        }
        List<GenerationPath> opened = new ArrayList<>();
        long started = System.nanoTime();
        try (ModelPool pool = BenchPool.create(specs, file, work, threads)) {
            specs.forEach(s -> pool.load(s.id()));
            WebServer server = GatehouseServer.start("127.0.0.1", 0,
                    Components.of(pool, 1 << 20, Duration.ofMinutes(5), false));
            try {
                List<Cell> cells = new ArrayList<>();
                for (int streams : levels) {
                    var inProcess = new InProcessEnginePath(file, streams, threads, libraries, work.resolve("jllama"));
                    engineVersion = inProcess.info().libraryVersion();
                    opened.add(inProcess);
                    opened.add(new HttpSsePath(server.port(), oldEngineId(streams), "(b) java-llama.cpp, HTTP SSE"));
                    opened.add(new HttpSsePath(server.port(), newEngineId(streams), "(c) llama.cpp, HTTP SSE"));
                    for (GenerationPath path : opened.subList(opened.size() - 3, opened.size())) {
                        cells.add(new Cell(streams, path));
                    }
                }
                log.printf("%s: %d models loaded in %.1f s%n", file.getFileName(), specs.size() + levels.size(),
                        (System.nanoTime() - started) / 1e9);
                log.flush();
                List<ProcessHandle> workers = pool.status().stream().filter(s -> s.workerPid() > 0)
                        .flatMap(s -> ProcessHandle.of(s.workerPid()).stream()).toList();
                return measure(file, cells, tokens, rounds, () -> cpuNanos(workers));
            } finally {
                opened.forEach(GenerationPath::close);
                server.stop();
            }
        }
    }

    /** This JVM's CPU time plus every worker's: idle workers add nothing, so a cell is charged for its own work. */
    private static long cpuNanos(List<ProcessHandle> workers) {
        long total = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        for (ProcessHandle worker : workers) {
            total += worker.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
        }
        return total;
    }

    private Map<Integer, Map<String, List<ConcurrentRound>>> measure(Path file, List<Cell> cells, int tokens,
                                                                     int rounds, java.util.function.LongSupplier cpu)
            throws Exception {
        Map<Integer, Map<String, List<ConcurrentRound>>> byLevel = new LinkedHashMap<>();
        for (Cell cell : cells) {
            byLevel.computeIfAbsent(cell.streams(), k -> new LinkedHashMap<>()).put(cell.path().name(), new ArrayList<>());
        }
        for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
            long started = System.nanoTime();
            boolean warmup = round < WARMUP_ROUNDS;
            // warm-up only has to touch the weights and the code paths: a short generation does that
            int asked = warmup ? Math.min(tokens, WARMUP_TOKENS) : tokens;
            for (int i = 0; i < cells.size(); i++) {
                Cell cell = cells.get((round + i) % cells.size());
                long[] settled = settle(cpu);
                if (settled[0] > 2 * SETTLE_STEP_MILLIS) {
                    log.printf("%s: before %d stream(s) of %s our processes stayed busy for %d ms (%d ms of CPU)%n",
                            file.getFileName(), cell.streams(), cell.path().name(), settled[0], settled[1]);
                }
                ConcurrentRound result = ConcurrentRound.run(cell.path(), cell.streams(), GenerationBench.PROMPT, asked,
                        cpu);
                if (!warmup) byLevel.get(cell.streams()).get(cell.path().name()).add(result);
            }
            log.printf("%s: %s round %d done in %.1f s%n", file.getFileName(), warmup ? "warm-up" : "timed",
                    warmup ? round + 1 : round + 1 - WARMUP_ROUNDS, (System.nanoTime() - started) / 1e9);
            log.flush();
        }
        return byLevel;
    }

    private static final long SETTLE_STEP_MILLIS = 200;
    private static final long SETTLE_LIMIT_MILLIS = 10_000;

    /**
     * Waits until this JVM and the workers are idle (under 10% of a core over one step), so no cell pays for work
     * left over from the one before it; returns the milliseconds waited and the CPU milliseconds spent meanwhile.
     */
    private static long[] settle(java.util.function.LongSupplier cpu) throws InterruptedException {
        long start = System.nanoTime();
        long cpuStart = cpu.getAsLong();
        long last = cpuStart;
        while (true) {
            Thread.sleep(SETTLE_STEP_MILLIS);
            long now = cpu.getAsLong();
            long waited = (System.nanoTime() - start) / 1_000_000;
            if (now - last < SETTLE_STEP_MILLIS * 1_000_000 / 10 || waited >= SETTLE_LIMIT_MILLIS) {
                return new long[] {waited, (now - cpuStart) / 1_000_000};
            }
            last = now;
        }
    }

    private static String newEngineId(int streams) {
        return "bench-llama.cpp-" + streams;
    }

    private static String oldEngineId(int streams) {
        return "bench-java-llama.cpp-" + streams;
    }
}
