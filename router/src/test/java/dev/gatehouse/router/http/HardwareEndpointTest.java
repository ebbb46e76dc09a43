package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.hardware.HardwareProbe;
import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.hardware.HardwareSnapshot.CpuInfo;
import dev.gatehouse.hardware.HardwareSnapshot.GpuInfo;
import dev.gatehouse.hardware.HardwareSnapshot.MemoryInfo;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardwareEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Manifest manifest() {
        return new Manifest(List.of(RunningGatehouse.chatSpec("m", true, 1)));
    }

    private static ScriptedLoader loader() {
        return new ScriptedLoader().with("m", ScriptedChatModel.saying(64, "hi"));
    }

    @Test
    void theLiveMachineIsReportedAsJson() throws Exception {
        try (var gatehouse = RunningGatehouse.start(manifest(), PoolSettings.defaults(), loader(), 1 << 20)) {
            var response = gatehouse.get("/v1/hardware");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.at("/cpu/cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(body.at("/cpu/model").asText()).isNotBlank();
            assertThat(body.at("/cpu/load1").isNumber()).isTrue();
            assertThat(body.at("/memory/totalBytes").asLong()).isGreaterThan(body.at("/memory/freeBytes").asLong());
            assertThat(body.at("/memory/freeBytes").asLong()).isPositive();
            assertThat(body.at("/memory/processRssBytes").asLong()).isPositive();
            assertThat(body.get("gpus").isArray()).isTrue();
            if (body.get("gpus").isEmpty()) {
                // this machine: no NVIDIA driver, and the reason says so
                assertThat(body.get("gpuNote").asText()).isNotBlank();
            }
            assertThat(Instant.parse(body.get("takenAt").asText())).isBefore(Instant.now().plusSeconds(1));
        }
    }

    @Test
    void theLiveMachineHasGaugesInMetrics() {
        try (var gatehouse = RunningGatehouse.start(manifest(), PoolSettings.defaults(), loader(), 1 << 20)) {
            String metrics = gatehouse.get("/metrics").body();

            assertThat(metrics).contains("gatehouse_cpu_load1 ", "gatehouse_cpu_load5 ", "gatehouse_cpu_load15 ",
                    "gatehouse_cpu_cores " + Runtime.getRuntime().availableProcessors(),
                    "gatehouse_memory_total_bytes ", "gatehouse_memory_free_bytes ", "gatehouse_process_rss_bytes ");
        }
    }

    @Test
    void everyGpuFigureIsInTheJsonAndHasAGaugePerGpu() throws Exception {
        var gpu = new GpuInfo(0, "NVIDIA H100", "GPU-1234", 80L << 30, 10L << 30, 70L << 30, 37, 45, "550.54.15",
                "12.4");
        HardwareSnapshot snapshot = new HardwareSnapshot(Instant.parse("2026-01-01T00:00:00Z"),
                new CpuInfo("Test CPU", 16, 1.5, 1.0, 0.5), new MemoryInfo(256L << 30, 200L << 30, 1L << 30),
                List.of(gpu), null);
        HardwareProbe fixed = () -> snapshot;
        ModelPool pool = new ModelPool(manifest(), PoolSettings.defaults(), loader());
        var server = GatehouseServer.start("127.0.0.1", 0,
                Components.of(pool, fixed, 1 << 20, Duration.ofSeconds(60), false));
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + server.port();
            JsonNode body = JSON.readTree(client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/v1/hardware")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            String metrics = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();

            assertThat(body.get("gpus")).hasSize(1);
            JsonNode g = body.get("gpus").get(0);
            assertThat(g.get("index").asInt()).isZero();
            assertThat(g.get("name").asText()).isEqualTo("NVIDIA H100");
            assertThat(g.get("uuid").asText()).isEqualTo("GPU-1234");
            assertThat(g.get("totalBytes").asLong()).isEqualTo(80L << 30);
            assertThat(g.get("usedBytes").asLong()).isEqualTo(10L << 30);
            assertThat(g.get("freeBytes").asLong()).isEqualTo(70L << 30);
            assertThat(g.get("utilizationPercent").asInt()).isEqualTo(37);
            assertThat(g.get("temperatureC").asInt()).isEqualTo(45);
            assertThat(g.get("driverVersion").asText()).isEqualTo("550.54.15");
            assertThat(g.get("cudaVersion").asText()).isEqualTo("12.4");
            assertThat(body.get("gpuNote").isNull()).isTrue();
            assertThat(body.get("takenAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(body.at("/cpu/load5").asDouble()).isEqualTo(1.0);
            assertThat(metrics).contains("gatehouse_gpu_memory_free_bytes{gpu=\"0\"} 7.516192768E10",
                    "gatehouse_gpu_memory_used_bytes{gpu=\"0\"} 1.073741824E10",
                    "gatehouse_gpu_memory_total_bytes{gpu=\"0\"} 8.589934592E10",
                    "gatehouse_gpu_utilization_percent{gpu=\"0\"} 37.0",
                    "gatehouse_gpu_temperature_celsius{gpu=\"0\"} 45.0",
                    "gatehouse_cpu_load1 1.5", "gatehouse_memory_free_bytes 2.147483648E11");
        } finally {
            server.stop();
            pool.close();
        }
    }

    @Test
    void onlyGetIsAllowed() {
        try (var gatehouse = RunningGatehouse.start(manifest(), PoolSettings.defaults(), loader(), 1 << 20)) {
            var response = gatehouse.post("/v1/hardware", "{}");

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("allow")).hasValue("GET");
        }
    }
}
