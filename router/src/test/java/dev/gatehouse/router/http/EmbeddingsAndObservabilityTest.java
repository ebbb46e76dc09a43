package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddingsAndObservabilityTest {

    static final ObjectMapper JSON = new ObjectMapper();
    RunningGatehouse gatehouse;

    Manifest manifest() {
        return new Manifest(List.of(RunningGatehouse.chatSpec("m", true, 2, "mini"),
                RunningGatehouse.embeddingSpec("e", true)));
    }

    ScriptedLoader loader() {
        return new ScriptedLoader().with("m", ScriptedChatModel.saying(64, "secret", " answer"))
                .with("e", new ScriptedEmbeddingModel());
    }

    void start() {
        gatehouse = RunningGatehouse.start(manifest(), new PoolSettings(2, 4, Duration.ofSeconds(5), 64), loader(),
                1 << 20);
    }

    @AfterEach
    void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
    }

    @Test
    void embeddingsOfAnArrayComeBackInOrderWithUsage() throws Exception {
        start();
        var response = gatehouse.post("/v1/embeddings", "{\"input\":[\"ab\",\"abcd efg\"]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gatehouse-model")).hasValue("e");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("object").asText()).isEqualTo("list");
        assertThat(body.get("model").asText()).isEqualTo("e");
        assertThat(body.get("data")).hasSize(2);
        assertThat(body.get("data").get(1).get("index").asInt()).isEqualTo(1);
        assertThat(body.get("data").get(1).get("object").asText()).isEqualTo("embedding");
        double x = body.get("data").get(0).get("embedding").get(0).asDouble();
        assertThat(x).isCloseTo(2 / Math.sqrt(5), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(3);
        assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void base64EmbeddingsAreLittleEndianFloats() throws Exception {
        start();
        JsonNode body = JSON.readTree(gatehouse.post("/v1/embeddings",
                "{\"input\":\"ab\",\"model\":\"auto\",\"encoding_format\":\"base64\"}").body());
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(body.get("data").get(0).get("embedding")
                .asText())).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(12);
        assertThat(bytes.getFloat()).isCloseTo((float) (2 / Math.sqrt(5)), org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void theModelListUsesTheOpenAiShapeWithGatehouseFields() throws Exception {
        start();
        JsonNode body = JSON.readTree(gatehouse.get("/v1/models").body());
        assertThat(body.get("object").asText()).isEqualTo("list");
        JsonNode m = body.get("data").get(0);
        assertThat(m.get("id").asText()).isEqualTo("m");
        assertThat(m.get("object").asText()).isEqualTo("model");
        assertThat(m.get("owned_by").asText()).isEqualTo("gatehouse");
        assertThat(m.get("created").asLong()).isPositive();
        assertThat(m.get("state").asText()).isEqualTo("ready");
        assertThat(m.get("tier").asText()).isEqualTo("small");
        assertThat(m.get("format").asText()).isEqualTo("gguf");
        assertThat(m.get("context").asInt()).isEqualTo(64);
        assertThat(m.get("tasks").get(0).asText()).isEqualTo("chat");
        assertThat(m.get("aliases").get(0).asText()).isEqualTo("mini");
        assertThat(body.get("data").get(1).get("tasks").get(0).asText()).isEqualTo("embeddings");
    }

    @Test
    void oneModelIsRetrievedByIdOrAliasAndAnUnknownOneIs404() throws Exception {
        start();
        JsonNode byAlias = JSON.readTree(gatehouse.get("/v1/models/mini").body());
        assertThat(byAlias.get("id").asText()).isEqualTo("m");
        assertThat(byAlias.get("object").asText()).isEqualTo("model");
        var missing = gatehouse.get("/v1/models/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("error").get("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void readinessIs503UntilTheDefaultModelsAreLoadedAndLivenessIsAlways200() throws Exception {
        ScriptedLoader loader = loader().holdingLoads();
        ModelPool pool = new ModelPool(manifest(), new PoolSettings(2, 4, Duration.ofSeconds(5), 64), loader);
        gatehouse = RunningGatehouse.serve(pool, 1 << 20);
        CompletableFuture<Void> loading = CompletableFuture.runAsync(pool::start);

        assertThat(gatehouse.get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(gatehouse.get("/health/live").statusCode()).isEqualTo(200);

        loader.releaseLoads();
        loading.get(10, TimeUnit.SECONDS);
        var ready = gatehouse.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void metricsAreServedInPrometheusFormatWithGatehouseNames() throws Exception {
        start();
        gatehouse.post("/v1/chat/completions",
                "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
        gatehouse.post("/v1/embeddings", "{\"input\":\"hello\"}");
        gatehouse.post("/v1/chat/completions", "{}");

        // a request is counted once its response is out, which can be just after the client has it
        ChatStreamingTest.awaitTrue(() -> gatehouse.get("/metrics").body().contains("status=\"400\""),
                "the last request is counted");
        var response = gatehouse.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.body()).contains(
                "gatehouse_requests_total{endpoint=\"/v1/chat/completions\",model=\"m\",status=\"200\"} 1.0",
                "gatehouse_requests_total{endpoint=\"/v1/chat/completions\",model=\"none\",status=\"400\"} 1.0",
                "gatehouse_requests_total{endpoint=\"/v1/embeddings\",model=\"e\",status=\"200\"} 1.0",
                "gatehouse_prompt_tokens_total{model=\"m\"} 1.0",
                "gatehouse_completion_tokens_total{model=\"m\"} 2.0",
                "gatehouse_request_duration_seconds_bucket{",
                "gatehouse_time_to_first_token_seconds_bucket{",
                "gatehouse_queue_depth{model=\"m\"} 0.0",
                "gatehouse_in_flight{model=\"m\"} 0.0",
                "gatehouse_model_ready{model=\"e\"} 1.0",
                "gatehouse_model_load_seconds{model=\"m\"}");
    }

    @Test
    void everyRouteHasItsOwnMetricsLabelAndHistogramsKeepAFewBuckets() throws Exception {
        start();
        gatehouse.get("/v1/pool");
        gatehouse.get("/v1/hardware");
        gatehouse.get("/v1/models/m");
        gatehouse.get("/v1/models/no-such-model");
        gatehouse.get("/no/such/path");

        ChatStreamingTest.awaitTrue(() -> gatehouse.get("/metrics").body().contains("endpoint=\"unmatched\""),
                "the last request is counted");
        String body = gatehouse.get("/metrics").body();
        assertThat(body).contains(
                "gatehouse_requests_total{endpoint=\"/v1/pool\",model=\"none\",status=\"200\"} 1.0",
                "gatehouse_requests_total{endpoint=\"/v1/hardware\",model=\"none\",status=\"200\"} 1.0",
                "gatehouse_requests_total{endpoint=\"/v1/models/{id}\",model=\"none\",status=\"200\"} 1.0",
                "gatehouse_requests_total{endpoint=\"/v1/models/{id}\",model=\"none\",status=\"404\"} 1.0",
                "gatehouse_requests_total{endpoint=\"unmatched\",model=\"none\",status=\"404\"} 1.0");
        long poolBuckets = body.lines().filter(l -> l.startsWith("gatehouse_request_duration_seconds_bucket{")
                && l.contains("endpoint=\"/v1/pool\"")).count();
        assertThat(poolBuckets).as("buckets of one series, +Inf included").isBetween(5L, 15L);
    }

    @Test
    void theRequestLogLineHasCountsButNoPromptOrCompletionText() throws Exception {
        start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        RequestLifecycleFilter.REQUEST_LOG.addHandler(capture);
        try {
            gatehouse.post("/v1/chat/completions",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"my password is hunter2\"}]}", "x-request-id",
                    "log-test-1");
            // the line is written once the response is out, which can be just after the client has it
            ChatStreamingTest.awaitTrue(() -> !lines.isEmpty(), "the request is logged");
        } finally {
            RequestLifecycleFilter.REQUEST_LOG.removeHandler(capture);
        }
        assertThat(lines).singleElement().satisfies(line -> assertThat(line)
                .contains("id=log-test-1", "endpoint=/v1/chat/completions", "model=m", "status=200",
                        "prompt_tokens=4", "completion_tokens=2", "latency_ms=", "ttft_ms=")
                .doesNotContain("hunter2", "secret"));
    }
}
