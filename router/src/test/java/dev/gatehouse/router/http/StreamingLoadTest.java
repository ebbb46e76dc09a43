package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.hardware.ProcessMemory;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.NativeModelLoader;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import dev.gatehouse.hardware.OshiHardwareProbe;
import dev.gatehouse.router.capacity.PlannedModels;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More streaming clients than slots against a real worker (random-weight GGUF) behind the production wiring
 * (planner with the memory estimator, /proc/meminfo probe): every answer is a complete stream or a 429 with
 * Retry-After, the queue shows in /metrics while it runs, and afterwards nothing is in flight and the worker's memory
 * has not grown. Bounded: 12 clients × 2 streams of at most 48 tokens, loopback only.
 */
class StreamingLoadTest {
    private static final int CLIENTS = 12;
    private static final int STREAMS_PER_CLIENT = 2;
    private static final Pattern QUEUE = Pattern.compile("gatehouse_queue_depth\\{model=\"random\"} ([0-9.]+)");
    private static final String REQUEST = """
            {"model":"random","stream":true,"max_tokens":48,"temperature":0,
             "messages":[{"role":"user","content":"Tell me a long story about a gatehouse."}]}""";

    @TempDir
    Path dir;

    @Test
    void moreStreamingClientsThanSlotsGetStreamsOr429sWithRetryAfterAndMemoryStaysFlat() throws Exception {
        Path models = Files.createDirectory(dir.resolve("models"));
        RandomLlamaGguf.write(models.resolve("random.gguf"), RandomLlamaSpec.tiny());
        Path manifestFile = Files.writeString(dir.resolve("models.yaml"), """
                models:
                  - {id: random, file: random.gguf, tasks: [chat], default: true, slots: 2, context: 256, queue: 3}
                """);
        Manifest manifest = ManifestReader.read(manifestFile);
        ModelPool pool = new ModelPool(manifest, new PoolSettings(2, 8, Duration.ofSeconds(30), 256),
                NativeModelLoader.create(models, dir.resolve("run")), OshiHardwareProbe.live(), Clock.systemUTC(),
                new PlannedModels(models)::orUnknown);
        pool.start();
        try (RunningGatehouse gatehouse = RunningGatehouse.serve(pool, 1 << 20)) {
            assertThat(stream(gatehouse).statusCode()).isEqualTo(200); // warm: first prompt, caches allocated
            long pid = pool.status().getFirst().workerPid();
            long rssBefore = ProcessMemory.residentBytes(pid).orElseThrow();

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger deepestQueue = new AtomicInteger();
            Thread scraper = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    Matcher m = QUEUE.matcher(gatehouse.get("/metrics").body());
                    if (m.find()) deepestQueue.accumulateAndGet((int) Double.parseDouble(m.group(1)), Math::max);
                }
            });
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Void>> done = java.util.stream.IntStream.range(0, CLIENTS)
                        .mapToObj(i -> clients.submit(() -> client(gatehouse, statuses))).toList();
                for (Future<Void> f : done) f.get();
            } finally {
                running.set(false);
                scraper.join();
            }

            assertThat(statuses.keySet()).as("statuses seen").isSubsetOf(200, 429);
            assertThat(statuses.get(200)).hasValue(CLIENTS * STREAMS_PER_CLIENT);
            assertThat(statuses.getOrDefault(429, new AtomicInteger())).as("more clients than slots + queue")
                    .hasPositiveValue();
            assertThat(deepestQueue.get()).as("queue depth seen in /metrics").isBetween(1, 3);

            JsonNode random = new ObjectMapper().readTree(gatehouse.get("/v1/pool").body()).get("models").get(0);
            assertThat(random.get("inFlight").asInt()).isZero();
            assertThat(random.get("queued").asInt()).isZero();
            assertThat(random.get("pid").asLong()).as("same worker throughout").isEqualTo(pid);
            assertThat(random.get("predictedBytes").asLong()).isPositive();
            assertThat(random.get("measuredBytes").asLong()).isPositive();
            long rssAfter = ProcessMemory.residentBytes(pid).orElseThrow();
            assertThat(rssAfter - rssBefore).as("worker RSS growth over %d streams", CLIENTS * STREAMS_PER_CLIENT)
                    .isLessThan(32L << 20);
        }
    }

    /** Streams until it has its share, honouring Retry-After (capped at 1 s to keep the test short). */
    private static Void client(RunningGatehouse gatehouse, Map<Integer, AtomicInteger> statuses)
            throws InterruptedException {
        int ok = 0;
        while (ok < STREAMS_PER_CLIENT) {
            HttpResponse<String> response = stream(gatehouse);
            statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
            if (response.statusCode() == 200) {
                assertThat(response.body()).endsWith("data: [DONE]\n\n").doesNotContain("\"error\"");
                ok++;
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
                long seconds = Long.parseLong(response.headers().firstValue("retry-after").orElseThrow());
                assertThat(seconds).isPositive();
                Thread.sleep(Math.min(seconds * 1000, 1000));
            }
        }
        return null;
    }

    private static HttpResponse<String> stream(RunningGatehouse gatehouse) {
        return gatehouse.post("/v1/chat/completions", REQUEST);
    }
}
