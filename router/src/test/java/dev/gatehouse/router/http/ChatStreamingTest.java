package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelStatus;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatStreamingTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String HELLO = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]";

    RunningGatehouse gatehouse;

    RunningGatehouse start(ScriptedChatModel model, int slots, int maxQueue) {
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("m", true, slots)));
        gatehouse = RunningGatehouse.start(manifest, new PoolSettings(slots, maxQueue, Duration.ZERO, 64),
                new ScriptedLoader().with("m", model), 1 << 20);
        return gatehouse;
    }

    @AfterEach
    void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
    }

    /** The JSON payloads of the {@code data:} events, with "[DONE]" kept as text. */
    static List<String> events(String body) {
        List<String> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (!block.isBlank()) {
                assertThat(block).startsWith("data: ");
                events.add(block.substring("data: ".length()));
            }
        }
        return events;
    }

    static JsonNode parse(String event) {
        try {
            return JSON.readTree(event);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + event, e);
        }
    }

    @Test
    void aStreamSendsRoleThenContentThenFinishThenDone() {
        start(ScriptedChatModel.saying(64, "Once", " upon", " a time"), 2, 0);
        HttpResponse<String> response = gatehouse.post("/v1/chat/completions", HELLO + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("x-gatehouse-model")).hasValue("m");
        List<String> events = events(response.body());
        assertThat(events).hasSize(6).last().isEqualTo("[DONE]");
        JsonNode first = parse(events.get(0));
        assertThat(first.get("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(first.get("choices").get(0).get("delta").get("role").asText()).isEqualTo("assistant");
        assertThat(events.subList(1, 4)).extracting(e -> parse(e).get("choices").get(0).get("delta")
                .get("content").asText()).containsExactly("Once", " upon", " a time");
        JsonNode last = parse(events.get(4)).get("choices").get(0);
        assertThat(last.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(last.get("delta").isEmpty()).isTrue();
        assertThat(parse(events.get(4)).has("usage")).isFalse();
        assertThat(events.subList(0, 5)).extracting(e -> parse(e).get("id").asText()).containsOnly(
                parse(events.get(0)).get("id").asText());
    }

    @Test
    void includeUsageAddsAChunkWithEmptyChoicesAndRealCountsBeforeDone() {
        start(ScriptedChatModel.saying(64, "a", "b"), 2, 0);
        List<String> events = events(gatehouse.post("/v1/chat/completions",
                HELLO + ",\"stream_options\":{\"include_usage\":true}}").body());

        assertThat(events).last().isEqualTo("[DONE]");
        JsonNode usageChunk = parse(events.get(events.size() - 2));
        assertThat(usageChunk.get("choices").isEmpty()).isTrue();
        assertThat(usageChunk.get("usage").get("prompt_tokens").asInt()).isEqualTo(2);
        assertThat(usageChunk.get("usage").get("completion_tokens").asInt()).isEqualTo(2);
        assertThat(usageChunk.get("usage").get("total_tokens").asInt()).isEqualTo(4);
        assertThat(parse(events.get(1)).get("usage").isNull()).isTrue();
    }

    @Test
    void aFailureAfterTheFirstChunkEndsTheStreamWithAnErrorEventAndNoDone() {
        start(ScriptedChatModel.saying(64, "a", "b", "c", "d").failingAfter(2), 2, 0);
        HttpResponse<String> response = gatehouse.post("/v1/chat/completions", HELLO + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = events(response.body());
        assertThat(events).doesNotContain("[DONE]").hasSize(4);
        JsonNode error = parse(events.getLast()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("worker_failed");
        assertThat(error.get("type").asText()).isEqualTo("server_error");
    }

    @Test
    void aFailureBeforeAnyTextIsAnOrdinaryHttpErrorWithRetryAfter() throws Exception {
        start(ScriptedChatModel.saying(64, "a").failingAfter(0), 2, 0);
        HttpResponse<String> response = gatehouse.post("/v1/chat/completions", HELLO + "}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("retry-after")).isPresent();
        assertThat(JSON.readTree(response.body()).get("error").get("code").asText()).isEqualTo("worker_failed");
    }

    @Test
    void chunksArriveWhileTheModelIsStillGenerating() throws Exception {
        ScriptedChatModel model = ScriptedChatModel.saying(64, "first", "second").holdingBefore(1);
        start(model, 2, 0);
        HttpRequest request = HttpRequest.newBuilder(gatehouse.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO + "}")).build();
        HttpResponse<Stream<String>> response = gatehouse.http.send(request, HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = response.body().iterator();

        // The model holds before its second piece until released: "first" can only be read here if the server
        // flushed it on its own.
        String firstContent = CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.contains("\"content\":\"first\"")) {
                    return line;
                }
            }
            return null;
        }).get(10, TimeUnit.SECONDS);
        assertThat(firstContent).isNotNull();
        assertThat(model.produced).hasValue(1);

        model.release();
        List<String> rest = new ArrayList<>();
        lines.forEachRemaining(rest::add);
        assertThat(String.join("\n", rest)).contains("\"content\":\"second\"", "data: [DONE]");
    }

    @Test
    void aClientThatDisconnectsMidStreamCancelsGenerationAndFreesTheSlot() throws Exception {
        ScriptedChatModel model = ScriptedChatModel.endless(1_000_000);
        start(model, 1, 0);
        byte[] body = (HELLO + "}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", gatehouse.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int contentEvents = 0;
            String line;
            while (contentEvents < 3 && (line = in.readLine()) != null) {
                if (line.contains("\"content\":\"t")) {
                    contentEvents++;
                }
            }
            assertThat(contentEvents).isEqualTo(3);
        } // the client goes away here

        awaitTrue(() -> model.closedEarly.get() == 1, "the token stream is closed");
        awaitTrue(() -> inFlight() == 0, "the slot is returned");
        int producedAfterCancel = model.produced.get();
        assertThat(producedAfterCancel).isGreaterThanOrEqualTo(3).isLessThan(1_000_000 - 2);
        Thread.sleep(100);
        assertThat(model.produced).as("nothing is generated after the cancel").hasValue(producedAfterCancel);

        // the freed slot serves the next request (slots 1, queue 0: a leaked slot would give 429)
        assertThat(gatehouse.post("/v1/chat/completions",
                "{\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").statusCode()).isEqualTo(200);
    }

    @Test
    void whenSlotsAndQueueAreFullTheNextRequestGets429WithRetryAfter() throws Exception {
        ScriptedChatModel model = ScriptedChatModel.saying(64, "slow").holdingBefore(0);
        start(model, 1, 0);
        var first = gatehouse.http.sendAsync(HttpRequest.newBuilder(gatehouse.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO + "}")).build(), HttpResponse.BodyHandlers.ofString());
        awaitTrue(() -> model.started.get() == 1, "the first request holds the only slot");

        HttpResponse<String> refused = gatehouse.post("/v1/chat/completions", HELLO + "}");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after")).hasValueSatisfying(
                s -> assertThat(Long.parseLong(s)).isPositive());
        JsonNode error = JSON.readTree(refused.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.get("code").asText()).isEqualTo("server_overloaded");

        model.release();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aGenerationPastTheRequestTimeoutIsCutOffWith504AndItsSlotFreed() throws Exception {
        ScriptedChatModel model = ScriptedChatModel.saying(64, "a", "b").holdingBefore(1);
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("m", true, 1)));
        var pool = new dev.gatehouse.inference.ModelPool(manifest, new PoolSettings(1, 0, Duration.ZERO, 64),
                new ScriptedLoader().with("m", model));
        pool.start();
        gatehouse = RunningGatehouse.serve(pool, 1 << 20, Duration.ofMillis(300));

        HttpResponse<String> plain = gatehouse.post("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(plain.statusCode()).isEqualTo(504);
        assertThat(JSON.readTree(plain.body()).get("error").get("code").asText()).isEqualTo("request_timeout");
        assertThat(model.closedEarly).hasValue(1);
        awaitTrue(() -> inFlight() == 0, "the slot is returned");
    }

    @Test
    void aModelStuckBeforeItsFirstTokenIsCutOffAtTheDeadlineWith504AndItsSlotFreed() throws Exception {
        for (boolean stream : List.of(false, true)) {
            ScriptedChatModel model = ScriptedChatModel.saying(64, "never").holdingBefore(0);
            serveWithTimeout(model, 1, 0, Duration.ofSeconds(30), Duration.ofMillis(300));
            long start = System.nanoTime();
            HttpResponse<String> r = gatehouse.post("/v1/chat/completions", "{\"stream\":" + stream
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(r.statusCode()).as(r.body()).isEqualTo(504);
            assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("request_timeout");
            assertThat(tookMs).as("the script would hold 30 s").isLessThan(5_000);
            assertThat(model.closedEarly).hasValue(1);
            awaitTrue(() -> inFlight() == 0, "the slot is returned");
            gatehouse.close();
        }
    }

    @Test
    void theWaitForABusySlotEndsAtTheRequestDeadlineNotThePoolsLongerLimit() throws Exception {
        ScriptedChatModel model = ScriptedChatModel.saying(64, "hello");
        serveWithTimeout(model, 1, 1, Duration.ofSeconds(30), Duration.ofMillis(400));
        var spec = gatehouse.pool.resolve("m", dev.gatehouse.manifest.TaskKind.CHAT);
        try (var held = gatehouse.pool.leaseChat(spec)) { // the only slot, held past the request's deadline
            long start = System.nanoTime();
            HttpResponse<String> queued = gatehouse.post("/v1/chat/completions", HELLO + "}");

            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(504);
            assertThat(JSON.readTree(queued.body()).at("/error/code").asText()).isEqualTo("request_timeout");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        }
        assertThat(gatehouse.post("/v1/chat/completions", HELLO + "}").statusCode()).isEqualTo(200);
    }

    private void serveWithTimeout(ScriptedChatModel model, int slots, int maxQueue, Duration poolWait,
            Duration requestTimeout) {
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("m", true, slots)));
        var pool = new dev.gatehouse.inference.ModelPool(manifest, new PoolSettings(slots, maxQueue, poolWait, 64),
                new ScriptedLoader().with("m", model));
        pool.start();
        gatehouse = RunningGatehouse.serve(pool, 1 << 20, requestTimeout);
    }

    private int inFlight() {
        return gatehouse.pool.status().stream().mapToInt(ModelStatus::inFlight).sum();
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
