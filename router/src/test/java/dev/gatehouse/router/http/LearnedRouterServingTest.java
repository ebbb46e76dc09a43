package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.access.AccessGate;
import dev.gatehouse.router.access.AccessSettings;
import dev.gatehouse.router.features.MiniLmEmbedder;
import dev.gatehouse.router.learning.KnnArtifact;
import dev.gatehouse.router.learning.KnnRouter;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.rollout.TrialReader;
import dev.gatehouse.router.routing.RouterSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy's {@code learnedRouter:} on a real server: a kNN router fitted here on real MiniLM embeddings of labelled
 * prompts (the cheap {@code small} model answers small talk and trivia, only {@code big} answers proofs and
 * algorithms) sends each request to the cheapest target it expects to succeed, and a candidate policy carrying the
 * artifact changes only what its own arm decides.
 */
class LearnedRouterServingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EASY = List.of("What is the capital of France?", "Say hello to my friend Anna.",
            "What colour is the sky on a clear day?", "How many legs does a dog have?", "Tell me a fun fact about cats.",
            "What is the capital of Spain?", "Say good morning in a cheerful way.", "What colour are bananas?",
            "How many days are in a week?", "Name a fruit that is red.");
    private static final List<String> HARD = List.of(
            "Prove that there are infinitely many prime numbers.",
            "Prove that every bounded monotone sequence of real numbers converges.",
            "Design a lock-free concurrent hash map and prove it is linearizable.",
            "Derive the time complexity of Dijkstra's algorithm with a Fibonacci heap and prove it correct.",
            "Prove the Cauchy-Schwarz inequality for inner product spaces.",
            "Implement a Raft consensus algorithm and prove its safety property.",
            "Prove that the halting problem is undecidable.",
            "Derive the closed form of the Fibonacci sequence using generating functions and prove it.",
            "Prove that a continuous function on a closed interval attains its maximum.",
            "Design an algorithm for maximum flow and prove the max-flow min-cut theorem.");
    private static final String EASY_ASK = "What is the capital of Italy?";
    private static final String HARD_ASK = "Prove that the square root of two is irrational.";
    private static final String TENANTS = """
            tenants:
              - {id: beta-team, apiKeys: [beta-key]}
              - {id: acme, apiKeys: [acme-key]}
            """;
    /** Cheap and weak beside dear and strong: by its scores alone the policy sends everything to big. */
    private static final String LIVE = """
            targets:
              - {id: small, tier: small, quality: {default: 0.3}, costPer1kInput: 0.0001, costPer1kOutput: 0.0001}
              - {id: big, tier: large, quality: {default: 0.95}, costPer1kInput: 0.001, costPer1kOutput: 0.001}
            """ + TENANTS;
    private static final String LEARNED = "learnedRouter: {artifact: router-candidate.json, successBar: 0.7}\n";

    static MiniLmEmbedder miniLm;
    static KnnRouter knn;

    @TempDir
    Path dir;
    RunningGatehouse gatehouse;
    ModelPool pool;
    dev.gatehouse.router.routing.RequestRouter router;

    @BeforeAll
    static void fit() {
        miniLm = MiniLmEmbedder.open();
        int n = EASY.size() + HARD.size();
        float[][] embeddings = new float[n][];
        double[][] labels = new double[n][];
        for (int i = 0; i < n; i++) {
            boolean easy = i < EASY.size();
            embeddings[i] = miniLm.embed(easy ? EASY.get(i) : HARD.get(i - EASY.size()));
            labels[i] = new double[] {easy ? 1 : 0, 1}; // small, big
        }
        knn = KnnRouter.fit(List.of("small", "big"), embeddings, labels, Double.NaN, MiniLmEmbedder.NAME, 7);
    }

    @AfterAll
    static void close() {
        miniLm.close();
    }

    /** A server as serve builds it: the policy file, its trial from the same file, joined with the pool. */
    void start(String policyYaml, String candidateYaml) throws Exception {
        KnnArtifact.save(knn, "test: 20 labelled prompts", dir.resolve("router-candidate.json"));
        Files.writeString(dir.resolve("candidate.yaml"), candidateYaml);
        Path policyFile = dir.resolve("policy.yaml");
        Files.writeString(policyFile, policyYaml);
        pool = new ModelPool(new Manifest(List.of(RunningGatehouse.chatSpec("small", true, 2),
                RunningGatehouse.chatSpec("big", false, 2))), new PoolSettings(2, 4, Duration.ofSeconds(5), 256),
                new ScriptedLoader().with("small", ScriptedChatModel.saying(256, "small"))
                        .with("big", ScriptedChatModel.saying(256, "big")));
        pool.start();
        var policy = PolicyReader.read(policyFile);
        router = RouterSetup.build(policy, policyFile.toString(), pool, 4, miniLm, null, Clock.systemUTC());
        router.startTrial(TrialReader.read(policyFile, Map.of())
                .completed((tried, source) -> RouterSetup.joinPool(tried, source, pool)));
        gatehouse = RunningGatehouse.serve(Components.of(pool, 1 << 20, RunningGatehouse.REQUEST_TIMEOUT, false,
                router).withAccess(AccessGate.withoutKeys(AccessSettings.Exposure.LOOPBACK_WITHOUT_KEYS, null)));
    }

    @AfterEach
    void stop() {
        if (gatehouse != null) gatehouse.close();
        gatehouse = null;
    }

    static String chat(String text) {
        return "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    @Test
    void anEasyPromptGoesToTheCheapTargetAndAHardOneToTheStrongTargetWithTheirExpectedSuccess() throws Exception {
        start(LIVE + LEARNED, LIVE);

        var easy = gatehouse.post("/v1/chat/completions", chat(EASY_ASK));
        var hard = gatehouse.post("/v1/chat/completions", chat(HARD_ASK));

        assertThat(easy.statusCode()).isEqualTo(200);
        assertThat(easy.headers().firstValue("x-gatehouse-model")).hasValue("small");
        assertThat(hard.headers().firstValue("x-gatehouse-model")).hasValue("big");
        JsonNode route = JSON.readTree(gatehouse.post("/v1/route", chat(EASY_ASK)).body());
        assertThat(route.get("target").asText()).isEqualTo("small");
        assertThat(route.at("/reasons").findValuesAsText("code")).contains("cheapest_adequate");
        String detail = reason(route, "cheapest_adequate");
        assertThat(detail).contains("small expected", "big expected", "bar 0.7", "router-candidate.json");
        // the ranking shows each target's expected success: what the fitted router predicts for this prompt
        double[] expected = knn.expected(miniLm.embed(EASY_ASK));
        assertThat(quality(route, "small")).isCloseTo(expected[0], org.assertj.core.api.Assertions.within(1e-9));
        assertThat(quality(route, "big")).isCloseTo(expected[1], org.assertj.core.api.Assertions.within(1e-9));
        JsonNode hardRoute = JSON.readTree(gatehouse.post("/v1/route", chat(HARD_ASK)).body());
        assertThat(reason(hardRoute, "cheapest_adequate")).contains("small expected").contains("(below the bar)");
    }

    @Test
    void withoutTheLearnedRouterTheSamePolicySendsTheEasyPromptToTheStrongTarget() throws Exception {
        start(LIVE, LIVE);

        JsonNode route = JSON.readTree(gatehouse.post("/v1/route", chat(EASY_ASK)).body());

        assertThat(route.get("target").asText()).isEqualTo("big");
        assertThat(route.at("/reasons").findValuesAsText("code")).doesNotContain("cheapest_adequate");
    }

    @Test
    void aRolloutCandidateCarryingTheArtifactChangesOnlyTheCandidateArmsDecisions() throws Exception {
        start(LIVE + "rollout: {policy: candidate.yaml, share: 0, segments: {tenants: [beta-team]}}\n",
                LIVE + LEARNED);

        var beta = gatehouse.post("/v1/chat/completions", chat(EASY_ASK), "Authorization", "Bearer beta-key");
        var acme = gatehouse.post("/v1/chat/completions", chat(EASY_ASK), "Authorization", "Bearer acme-key");

        assertThat(beta.headers().firstValue("x-gatehouse-arm")).hasValue("candidate");
        assertThat(beta.headers().firstValue("x-gatehouse-model")).hasValue("small");
        assertThat(acme.headers().firstValue("x-gatehouse-arm")).hasValue("live");
        assertThat(acme.headers().firstValue("x-gatehouse-model")).hasValue("big");
        JsonNode betaRoute = JSON.readTree(gatehouse.post("/v1/route", chat(EASY_ASK), "Authorization",
                "Bearer beta-key").body());
        JsonNode acmeRoute = JSON.readTree(gatehouse.post("/v1/route", chat(EASY_ASK), "Authorization",
                "Bearer acme-key").body());
        assertThat(betaRoute.at("/reasons").findValuesAsText("code")).contains("cheapest_adequate");
        assertThat(acmeRoute.at("/reasons").findValuesAsText("code")).doesNotContain("cheapest_adequate");
    }

    @Test
    void promotingTheCandidateMakesItsLearnedRouterDecideForEveryone() throws Exception {
        start(LIVE + "rollout: {policy: candidate.yaml, share: 0, segments: {tenants: [beta-team]}}\n",
                LIVE + LEARNED);

        assertThat(gatehouse.post("/v1/admin/rollout/promote", "").statusCode()).isEqualTo(200);
        var acme = gatehouse.post("/v1/chat/completions", chat(EASY_ASK), "Authorization", "Bearer acme-key");

        assertThat(acme.headers().firstValue("x-gatehouse-model")).hasValue("small");
        JsonNode route = JSON.readTree(gatehouse.post("/v1/route", chat(EASY_ASK), "Authorization",
                "Bearer acme-key").body());
        assertThat(route.at("/reasons").findValuesAsText("code")).contains("cheapest_adequate");
    }

    @Test
    void aShadowPolicyCarryingTheArtifactDecidesWithItsOwnForecastBesideTheLiveOne() throws Exception {
        start(LIVE + "shadow: {policy: candidate.yaml}\n", LIVE + LEARNED);

        JsonNode route = JSON.readTree(gatehouse.post("/v1/route", chat(EASY_ASK)).body());

        assertThat(route.get("target").asText()).isEqualTo("big");
        assertThat(route.at("/shadow/target").asText()).isEqualTo("small");
        assertThat(route.at("/shadow/reasons").findValuesAsText("code")).contains("cheapest_adequate");
    }

    @Test
    void aReloadWithABrokenArtifactIsRefusedNamingTheKeyAndAGoodOneTakesEffect() throws Exception {
        start(LIVE, LIVE);
        Path manifestFile = Files.writeString(dir.resolve("models.yaml"), """
                models:
                  - {id: small, file: small.gguf, tasks: [chat], default: true, slots: 2}
                  - {id: big, file: big.gguf, tasks: [chat], slots: 2}
                """);
        Path policyFile = dir.resolve("policy.yaml");
        var reload = new dev.gatehouse.router.reload.ConfigReload(manifestFile,
                m -> PolicyReader.read(policyFile, Map.of()), policyFile.toString(), pool, router,
                drain -> Thread.ofVirtual().start(drain));

        Files.writeString(policyFile, LIVE + "learnedRouter: {artifact: missing.json}\n");
        var refused = reload.reload();
        Files.writeString(policyFile, LIVE + LEARNED);
        JsonNode before = JSON.readTree(gatehouse.post("/v1/route", chat(EASY_ASK)).body());
        var applied = reload.reload();
        JsonNode after = JSON.readTree(gatehouse.post("/v1/route", chat(EASY_ASK)).body());

        assertThat(refused.applied()).isFalse();
        assertThat(refused.toString()).contains("learnedRouter.artifact", "missing.json");
        assertThat(before.get("target").asText()).as("the old policy keeps serving").isEqualTo("big");
        assertThat(applied.applied()).as(applied.toString()).isTrue();
        assertThat(after.get("target").asText()).isEqualTo("small");
    }

    private static String reason(JsonNode route, String code) {
        for (JsonNode r : route.get("reasons")) {
            if (code.equals(r.get("code").asText())) return r.get("detail").asText();
        }
        throw new AssertionError("no reason " + code + " in " + route.get("reasons"));
    }

    private static double quality(JsonNode route, String target) {
        for (JsonNode s : route.get("ranking")) {
            if (target.equals(s.get("target").asText())) return s.get("quality").asDouble();
        }
        throw new AssertionError("no " + target + " in the ranking " + route.get("ranking"));
    }
}
