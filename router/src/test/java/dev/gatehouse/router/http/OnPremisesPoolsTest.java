package dev.gatehouse.router.http;

import static dev.gatehouse.router.http.ChatStreamingTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.NativeModelLoader;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.router.escalation.FakeProvider;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.routing.Outbound;
import dev.gatehouse.router.routing.RequestRouter;
import dev.gatehouse.router.routing.RouterSetup;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real Gatehouse servers on loopback: a peer serving the real stories260K model, and a front whose own model
 * (scripted, one slot) is declared next to the peer as an on-premises pool ({@code baseUrl}, {@code onPremises},
 * {@code capacity: {gatehouse: URL}}). The front polls the peer's {@code /v1/pool} in the background; its decision
 * reads the reading.
 */
class OnPremisesPoolsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static RunningGatehouse peer;

    RunningGatehouse front;
    Outbound outbound;
    FakeProvider cloud;

    @BeforeAll
    static void startPeer() throws Exception {
        Path models = Files.createDirectory(dir.resolve("models"));
        Path manifest = dir.resolve("models.yaml");
        Files.writeString(manifest, """
                models:
                  - id: stories
                    builtin: stories260k
                    tasks: [chat]
                    tier: small
                    default: true
                    slots: 2
                    context: 512
                """);
        ModelPool pool = new ModelPool(ManifestReader.read(manifest), new PoolSettings(2, 4, Duration.ofSeconds(60),
                512), NativeModelLoader.create(models, dir.resolve("run")));
        pool.start();
        peer = RunningGatehouse.serve(pool, 1 << 20);
    }

    @AfterAll
    static void stopPeer() {
        if (peer != null) peer.close();
    }

    @AfterEach
    void stopFront() {
        if (front != null) front.close();
        if (outbound != null) outbound.close();
        if (cloud != null) cloud.close();
    }

    /** The front: its own model {@code tiny} with one slot, the peer as {@code peer/stories}, and more targets. */
    void startFront(ScriptedChatModel tiny, String moreTargets, String providers) {
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("tiny", true, 1)));
        ModelPool pool = new ModelPool(manifest, new PoolSettings(1, 4, Duration.ofSeconds(30), 4096),
                new ScriptedLoader().with("tiny", tiny));
        pool.start();
        String peerUrl = "http://127.0.0.1:" + peer.server.port();
        Policy policy = PolicyReader.parse("""
                targets:
                  - id: tiny
                    tier: small
                    tokensPerSecond: 400
                  - id: peer/stories
                    baseUrl: %s/v1
                    onPremises: true
                    capacity: {gatehouse: %s, every: 200ms, timeout: 2s, staleAfter: 30s}
                    tier: small
                    tokensPerSecond: 400
                %s
                providers:
                %s
                """.formatted(peerUrl, peerUrl, moreTargets, providers), "front policy",
                EscalatingGatehouse.ENV);
        Clock clock = Clock.systemUTC();
        outbound = Outbound.connect(policy.escalation(), clock);
        RequestRouter router = RouterSetup.build(policy, "front policy", pool, 4, null, RouterSetup.scanner(policy),
                (prompt, embedding) -> 0.2, null, clock, outbound);
        front = RunningGatehouse.serve(Components.of(pool, 1 << 20, RunningGatehouse.REQUEST_TIMEOUT, false, router));
        outbound.pools().poll("peer"); // the first reading, without waiting for the schedule
    }

    /** Starts a request on the front's only slot and returns once the model is generating (and holding). */
    CompletableFuture<HttpResponse<String>> occupyTheOnlySlot(ScriptedChatModel tiny) throws Exception {
        var inFlight = front.http.sendAsync(HttpRequest.newBuilder(front.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EscalatingGatehouse.chat("tiny", "tell me a story")))
                .build(), HttpResponse.BodyHandlers.ofString());
        awaitTrue(() -> tiny.started.get() == 1, "the first request holds the front's only slot");
        return inFlight;
    }

    /** Chat requests the peer's stories260K answered, from the peer's own metrics. */
    static double peerAnswers() {
        double sum = 0;
        for (String line : peer.get("/metrics").body().split("\n")) {
            if (line.startsWith("gatehouse_requests_total{") && line.contains("model=\"stories\"")
                    && line.contains("status=\"200\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Test
    void anIdleFrontAnswersWithItsOwnModel() throws Exception {
        ScriptedChatModel tiny = ScriptedChatModel.saying(4096, "local", " answer");
        startFront(tiny, "", "  []");

        HttpResponse<String> answer = front.post("/v1/chat/completions",
                EscalatingGatehouse.chat("auto", "tell me a story"));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("x-gatehouse-model")).hasValue("tiny");
    }

    @Test
    void withItsOnlySlotBusyTheFrontOverflowsToThePeerWhoseModelAnswers() throws Exception {
        ScriptedChatModel tiny = ScriptedChatModel.saying(4096, "local", " answer").holdingBefore(1);
        startFront(tiny, "", "  []");
        var inFlight = occupyTheOnlySlot(tiny);
        double before = peerAnswers();

        JsonNode route = JSON.readTree(front.post("/v1/route",
                EscalatingGatehouse.chat("auto", "tell me a story")).body());
        HttpResponse<String> answer = front.post("/v1/chat/completions",
                "{\"model\":\"auto\",\"max_tokens\":8,\"temperature\":0,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"tell me a story\"}]}");

        assertThat(route.get("target").asText()).as(route.toString()).isEqualTo("peer/stories");
        assertThat(route.get("reasons").findValuesAsText("code")).contains("pool_overflow");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("x-gatehouse-model")).as(answer.headers().map().toString())
                .hasValue("peer/stories");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("choices").get(0).get("message").get("content").asText()).isNotBlank();
        assertThat(body.get("usage").get("completion_tokens").asInt()).isBetween(1, 8);
        awaitTrue(() -> peerAnswers() == before + 1, "the peer's stories260K counted the answer it gave");
        assertThat(tiny.started).as("the front's own model took only the first request").hasValue(1);

        tiny.release();
        assertThat(inFlight.get(10, TimeUnit.SECONDS).body()).contains("local answer");
    }

    @Test
    void confidentialDataGoesToThePoolOnPremisesButNeverToTheCloud() throws Exception {
        ScriptedChatModel tiny = ScriptedChatModel.saying(4096, "local", " answer").holdingBefore(1);
        cloud = FakeProvider.start();
        // the cloud model is better and its provider approved for confidential data, but masking is off
        startFront(tiny, """
                  - id: cloud/big
                    tier: large
                    quality: {default: 0.95}
                """, EscalatingGatehouse.provider("cloud", "openai", cloud.baseUrl(), "big",
                "public, internal, confidential", "0.001", "0.002"));
        var inFlight = occupyTheOnlySlot(tiny);
        String confidential = "{\"model\":\"auto\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"tell me a story\"}]}";

        JsonNode route = JSON.readTree(front.post("/v1/route", confidential, "x-gatehouse-data-class",
                "confidential").body());
        HttpResponse<String> answer = front.post("/v1/chat/completions", confidential, "x-gatehouse-data-class",
                "confidential");
        HttpResponse<String> restricted = front.post("/v1/chat/completions", confidential, "x-gatehouse-data-class",
                "restricted");
        HttpResponse<String> pinnedToCloud = front.post("/v1/chat/completions",
                confidential.replace("\"auto\"", "\"cloud/big\""), "x-gatehouse-data-class", "confidential");

        assertThat(route.get("target").asText()).as(route.toString()).isEqualTo("peer/stories");
        assertThat(rejection(route, "cloud/big")).isEqualTo("data_class_not_allowed");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("x-gatehouse-model")).hasValue("peer/stories");
        assertThat(restricted.statusCode()).as(restricted.body()).isEqualTo(200);
        assertThat(restricted.headers().firstValue("x-gatehouse-model")).hasValue("peer/stories");
        assertThat(pinnedToCloud.statusCode()).as(pinnedToCloud.body()).isEqualTo(403);
        assertThat(cloud.requestCount()).as("nothing reached the cloud").isZero();

        HttpResponse<String> publicData = front.post("/v1/chat/completions", confidential);
        assertThat(publicData.headers().firstValue("x-gatehouse-model")).as("the cloud is reachable at all")
                .hasValue("cloud/big");
        assertThat(cloud.requestCount()).isEqualTo(1);
        tiny.release();
        inFlight.get(10, TimeUnit.SECONDS);
    }

    static String rejection(JsonNode route, String target) {
        for (JsonNode r : route.get("rejected")) {
            if (r.get("target").asText().equals(target)) return r.get("reason").asText();
        }
        throw new AssertionError(target + " was not rejected: " + route);
    }
}
