package dev.gatehouse.router.bench;

import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.manifest.Engine;
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
 * For one model file and each concurrency level: (a) llama.cpp in process, (b) java-llama.cpp and (c) llama.cpp each
 * behind a real Gatehouse server (HTTP, SSE, worker process), all holding that many slots, loaded side by side and
 * timed in rotating order so drift on a noisy machine hits each alike.
 */
final class EngineBench {
    static final String NEW_ENGINE_ID = "bench-llama.cpp";
    static final String OLD_ENGINE_ID = "bench-java-llama.cpp";
    private static final int WARMUP_ROUNDS = 1;

    private final Path work;
    private final PrintWriter log;
    private final ChatEngines.LlamaCppLibraries libraries;
    private String engineVersion = "?";

    EngineBench(Path work, PrintWriter log, ChatEngines.LlamaCppLibraries libraries) {
        this.work = work;
        this.log = log;
        this.libraries = libraries;
    }

    /** llama.cpp's version as the in-process engine reported it, once a level has run. */
    String engineVersion() {
        return engineVersion;
    }

    /** Rounds per path name, per concurrency level. */
    Map<Integer, Map<String, List<ConcurrentRound>>> run(Path file, List<Integer> levels, int tokens, int rounds,
                                                         int threads) throws Exception {
        Map<Integer, Map<String, List<ConcurrentRound>>> byLevel = new LinkedHashMap<>();
        for (int streams : levels) {
            long started = System.nanoTime();
            byLevel.put(streams, runLevel(file, streams, tokens, rounds, threads));
            log.printf("%s: %d stream(s) done in %.1f s%n", file.getFileName(), streams,
                    (System.nanoTime() - started) / 1e9);
            log.flush();
        }
        return byLevel;
    }

    private Map<String, List<ConcurrentRound>> runLevel(Path file, int streams, int tokens, int rounds, int threads)
            throws Exception {
        var specs = List.of(BenchPool.spec(file, NEW_ENGINE_ID, Engine.LLAMA_CPP, streams, true),
                BenchPool.spec(file, OLD_ENGINE_ID, Engine.JAVA_LLAMA_CPP, streams, false));
        try (ModelPool pool = BenchPool.create(specs, file, work, threads);
             var inProcess = new InProcessEnginePath(file, streams, threads, libraries, work.resolve("jllama"))) {
            engineVersion = inProcess.info().libraryVersion();
            pool.load(NEW_ENGINE_ID);
            pool.load(OLD_ENGINE_ID);
            WebServer server = GatehouseServer.start("127.0.0.1", 0,
                    Components.of(pool, 1 << 20, Duration.ofMinutes(5), false));
            List<GenerationPath> paths = List.of(inProcess,
                    new HttpSsePath(server.port(), OLD_ENGINE_ID, "(b) java-llama.cpp, HTTP SSE"),
                    new HttpSsePath(server.port(), NEW_ENGINE_ID, "(c) llama.cpp, HTTP SSE"));
            try {
                Map<String, List<ConcurrentRound>> samples = new LinkedHashMap<>();
                paths.forEach(p -> samples.put(p.name(), new ArrayList<>()));
                for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
                    for (int i = 0; i < paths.size(); i++) {
                        GenerationPath path = paths.get((round + i) % paths.size());
                        ConcurrentRound result = ConcurrentRound.run(path, streams, GenerationBench.PROMPT, tokens);
                        if (round >= WARMUP_ROUNDS) samples.get(path.name()).add(result);
                    }
                }
                return samples;
            } finally {
                paths.get(1).close();
                paths.get(2).close();
                server.stop();
            }
        }
    }
}
