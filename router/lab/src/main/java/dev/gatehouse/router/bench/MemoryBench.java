package dev.gatehouse.router.bench;

import dev.gatehouse.hardware.ProcessMemory;
import dev.gatehouse.inference.ChatLease;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.ModelStatus;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.natives.LlamaLoadOptions;
import dev.gatehouse.natives.LlamaModelHandle;
import dev.gatehouse.natives.NativeLibraries;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Resident memory of this JVM (the server) and of the worker, around a load and an unload. */
final class MemoryBench {
    private final Path work;
    private final PrintWriter log;

    MemoryBench(Path work, PrintWriter log) {
        this.work = work;
        this.log = log;
    }

    /** One load → generate → unload cycle of {@code file} through the pool, RSS read at each step. */
    MemoryRow measure(String label, Path file) {
        long serverBefore = serverRss();
        try (ModelPool pool = BenchPool.create(file, work)) {
            long started = System.nanoTime();
            pool.load(BenchPool.MODEL_ID);
            long loadMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            long pid = status(pool).workerPid();
            long workerLoaded = ProcessMemory.residentBytes(pid).orElse(-1);
            generate(pool, file);
            long workerAfterGeneration = ProcessMemory.residentBytes(pid).orElse(-1);
            long serverLoaded = serverRss();
            pool.unload(BenchPool.MODEL_ID);
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
            long workerUnloaded = ProcessMemory.residentBytes(pid).orElse(0);
            long serverUnloaded = serverRss();
            log.printf("memory %s: worker %d MiB loaded, %d after unload%n", label, workerLoaded >> 20, workerUnloaded >> 20);
            return new MemoryRow(label, file.toFile().length(), loadMillis, serverBefore, serverLoaded, serverUnloaded,
                    workerLoaded, workerAfterGeneration, workerUnloaded);
        }
    }

    /**
     * The server's RSS growth per load/unload cycle, with models in workers and, for comparison, with java-llama.cpp
     * loading and closing the model inside the JVM (which does not free it). Run last: the in-process half leaks.
     */
    LeakRow leakComparison(Path file, int cycles) {
        long before = serverRss();
        try (ModelPool pool = BenchPool.create(file, work)) {
            for (int i = 0; i < cycles; i++) {
                pool.load(BenchPool.MODEL_ID);
                pool.unload(BenchPool.MODEL_ID);
            }
        }
        long afterWorkers = serverRss();
        NativeLibraries.loadLlama(work.resolve("jllama"));
        long beforeInProcess = serverRss();
        for (int i = 0; i < cycles; i++) {
            LlamaModelHandle.open(new LlamaLoadOptions(file, BenchPool.CONTEXT, 1, 1, 0, null)).close();
        }
        long afterInProcess = serverRss();
        log.printf("leak: workers %+d MiB, in process %+d MiB over %d cycles%n",
                (afterWorkers - before) >> 20, (afterInProcess - beforeInProcess) >> 20, cycles);
        return new LeakRow(file.toFile().length(), cycles, afterWorkers - before, afterInProcess - beforeInProcess);
    }

    private static void generate(ModelPool pool, Path file) {
        var messages = List.of(new ChatMessage(ChatMessage.Role.USER, GenerationBench.PROMPT));
        try (ChatLease lease = pool.leaseChat(BenchPool.spec(file));
             TokenStream stream = lease.generate(new ChatRequest(messages, new GenerationParams(32, 0.0, 1.0, 1L, List.of())))) {
            while (stream.next() instanceof TokenEvent.Text) { }
        }
    }

    private static ModelStatus status(ModelPool pool) {
        return pool.status().getFirst();
    }

    private static long serverRss() {
        System.gc();
        return ProcessMemory.residentBytesOfThisProcess().orElse(-1);
    }

    record MemoryRow(String label, long fileBytes, long loadMillis, long serverBefore, long serverLoaded,
                     long serverUnloaded, long workerLoaded, long workerAfterGeneration, long workerUnloaded) {}

    record LeakRow(long fileBytes, int cycles, long workerGrowth, long inProcessGrowth) {}
}
