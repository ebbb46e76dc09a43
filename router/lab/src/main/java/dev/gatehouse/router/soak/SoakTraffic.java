package dev.gatehouse.router.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Mixed traffic from {@code concurrency} clients until a deadline: chat answers, chat streams read to the end,
 * streams the client drops after the first chunk, embeddings, route dry runs and malformed bodies. Each answer is
 * served (2xx), rejected (429 with its code: the load the server sheds on purpose), refused as expected (the
 * malformed bodies' 400) or unexpected (anything else, transport errors included: the soak's target is none).
 */
final class SoakTraffic {
    enum Kind { CHAT, STREAM, DROPPED_STREAM, EMBEDDINGS, ROUTE, MALFORMED }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}]";

    final LongAdder served = new LongAdder();
    final LongAdder refusedAsExpected = new LongAdder();
    final ConcurrentHashMap<String, LongAdder> rejected = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, LongAdder> unexpected = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Long> servedMicros = new ConcurrentLinkedQueue<>();

    private final SoakServer server;

    SoakTraffic(SoakServer server) {
        this.server = server;
    }

    /** One leg; counts add up over legs. Each leg has its own client, closed when the leg ends. */
    void run(int concurrency, Duration duration, long seed) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + duration.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            Random random = new Random(seed + c);
            clients.add(Thread.ofVirtual().name("soak-client-" + c).start(() -> {
                while (System.nanoTime() < deadline) {
                    one(http, Kind.values()[random.nextInt(Kind.values().length)]);
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        http.close();
    }

    private void one(HttpClient http, Kind kind) {
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> response = http.send(request(kind), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            try (InputStream body = response.body()) {
                if (status == 200) {
                    if (kind == Kind.DROPPED_STREAM) {
                        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)).readLine();
                        // closing here drops the connection mid-stream: the server must free the slot
                    } else {
                        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                        if (kind == Kind.STREAM && !text.endsWith("data: [DONE]\n\n")) {
                            count(unexpected, kind + " stream without [DONE]");
                            return;
                        }
                    }
                    served.increment();
                    servedMicros.add((System.nanoTime() - start) / 1000);
                    return;
                }
                String code = code(body.readAllBytes());
                if (status == 429) {
                    count(rejected, code);
                } else if (kind == Kind.MALFORMED && status == 400 && code.equals("invalid_json")) {
                    refusedAsExpected.increment();
                } else {
                    count(unexpected, kind + " " + status + " " + code);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            count(unexpected, kind + " " + e.getClass().getSimpleName());
        }
    }

    private HttpRequest request(Kind kind) {
        String path = switch (kind) {
            case EMBEDDINGS -> "/v1/embeddings";
            case ROUTE -> "/v1/route";
            default -> "/v1/chat/completions";
        };
        String body = switch (kind) {
            case CHAT -> "{\"max_tokens\":16," + MESSAGES + "}";
            case STREAM -> "{\"stream\":true,\"max_tokens\":32," + MESSAGES + "}";
            case DROPPED_STREAM -> "{\"stream\":true,\"max_tokens\":400," + MESSAGES + "}";
            case EMBEDDINGS -> "{\"input\":[\"a cat\",\"a dog\"]}";
            case ROUTE -> "{" + MESSAGES + "}";
            case MALFORMED -> "{\"messages\": [";
        };
        return HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String code(byte[] body) {
        try {
            JsonNode code = JSON.readTree(body).path("error").path("code");
            return code.isTextual() ? code.asText() : "(no code)";
        } catch (Exception e) {
            return "(not JSON)";
        }
    }

    private static void count(ConcurrentHashMap<String, LongAdder> counts, String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
}
