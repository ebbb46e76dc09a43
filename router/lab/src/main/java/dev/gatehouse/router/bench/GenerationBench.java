package dev.gatehouse.router.bench;

import dev.gatehouse.inference.ModelPool;
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

/** Times the three generation paths in rotating order so drift on a noisy machine hits each alike. */
final class GenerationBench {
    static final String PROMPT = "Once upon a time";
    private static final int WARMUP_ROUNDS = 2;

    private final Path work;
    private double httpBaselineMillis = Double.NaN;
    private final PrintWriter log;

    GenerationBench(Path work, PrintWriter log) {
        this.work = work;
        this.log = log;
    }

    /** Median round trip of a trivial request with the benchmark's HTTP client, from the last run. */
    double httpBaselineMillis() {
        return httpBaselineMillis;
    }

    Map<String, List<GenerationSample>> run(Path file, int tokens, int rounds, int threads) throws Exception {
        try (ModelPool pool = BenchPool.create(file, work, threads)) {
            pool.load(BenchPool.MODEL_ID);
            WebServer server = GatehouseServer.start("127.0.0.1", 0,
                    Components.of(pool, 1 << 20, Duration.ofMinutes(5), false));
            List<GenerationPath> paths = List.of(
                    new DirectPath(file, BenchPool.CONTEXT, threads, work.resolve("jllama")),
                    new PoolPath(pool, BenchPool.spec(file)),
                    new HttpSsePath(server.port(), BenchPool.MODEL_ID));
            try {
                Map<String, List<GenerationSample>> samples = new LinkedHashMap<>();
                paths.forEach(p -> samples.put(p.name(), new ArrayList<>()));
                httpBaselineMillis = ((HttpSsePath) paths.get(2)).medianHealthRoundTripMillis(50);
                for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
                    for (int i = 0; i < paths.size(); i++) {
                        GenerationPath path = paths.get((round + i) % paths.size());
                        GenerationSample sample = path.run(PROMPT, tokens);
                        if (round >= WARMUP_ROUNDS) samples.get(path.name()).add(sample);
                    }
                    log.printf("round %d/%d done%n", round + 1, WARMUP_ROUNDS + rounds);
                    log.flush();
                }
                return samples;
            } finally {
                paths.forEach(GenerationPath::close);
                server.stop();
            }
        }
    }
}
