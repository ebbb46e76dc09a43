package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.routing.RouterSetup;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of the serving path that standard clients meet: model names Gatehouse does not know, prompts too long
 * for the chosen model, stand-ins for a named model, options a model cannot honour. A real server, scripted models.
 */
class ServingRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningGatehouse gatehouse;
    private ScriptedChatModel tiny;
    private ScriptedChatModel other;

    @AfterEach
    void stop() {
        if (gatehouse != null) gatehouse.close();
    }

    /** {@code tiny} (default chat model) and {@code other}, both scripted, and {@code emb} for embeddings. */
    private void start(String policyYaml, ScriptedChatModel tinyModel, ScriptedChatModel otherModel) {
        tiny = tinyModel;
        other = otherModel;
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("tiny", true, 2),
                RunningGatehouse.chatSpec("other", false, 2), RunningGatehouse.embeddingSpec("emb", true)));
        ModelPool pool = new ModelPool(manifest, new PoolSettings(2, 4, Duration.ofSeconds(5), 4096),
                new ScriptedLoader().with("tiny", tiny).with("other", other).with("emb", new ScriptedEmbeddingModel()));
        pool.start();
        var policy = PolicyReader.parse(policyYaml, "test policy");
        var router = RouterSetup.build(policy, "test policy", pool, 4, null, RouterSetup.scanner(policy),
                (prompt, embedding) -> 0.0, null, Clock.systemUTC());
        gatehouse = RunningGatehouse.serve(Components.of(pool, 1 << 20, RunningGatehouse.REQUEST_TIMEOUT, false,
                router));
    }

    private static String policy(String extra) {
        return """
                targets:
                  - {id: tiny, quality: {default: 0.9}}
                  - {id: other, quality: {default: 0.6}}
                floors: {default: 0.5}
                """ + extra;
    }

    @Test
    void aModelNameNobodyKnowsIsRoutedAsAutoAndTheResponseSaysSo() throws Exception {
        start(policy(""), ScriptedChatModel.saying(4096, "hi"), ScriptedChatModel.saying(4096, "other"));

        HttpResponse<String> chat = gatehouse.post("/v1/chat/completions", EscalatingGatehouse.chat("gpt-4o-mini",
                "hello there"));
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        assertThat(chat.headers().firstValue("x-gatehouse-unknown-model")).hasValue("gpt-4o-mini");
        assertThat(chat.headers().firstValue("x-gatehouse-model")).hasValue("tiny");
        assertThat(JSON.readTree(chat.body()).get("model").asText()).isEqualTo("tiny");

        HttpResponse<String> embeddings = gatehouse.post("/v1/embeddings",
                "{\"model\":\"text-embedding-3-small\",\"input\":\"hello\"}");
        assertThat(embeddings.statusCode()).as(embeddings.body()).isEqualTo(200);
        assertThat(embeddings.headers().firstValue("x-gatehouse-unknown-model")).hasValue("text-embedding-3-small");
        assertThat(embeddings.headers().firstValue("x-gatehouse-model")).hasValue("emb");
    }

    @Test
    void withUnknownModelsRejectAModelNameNobodyKnowsIsA404NamingIt() throws Exception {
        start(policy("unknownModels: reject\n"), ScriptedChatModel.saying(4096, "hi"),
                ScriptedChatModel.saying(4096, "other"));

        for (var r : List.of(gatehouse.post("/v1/chat/completions", EscalatingGatehouse.chat("gpt-4o-mini", "hi")),
                gatehouse.post("/v1/embeddings", "{\"model\":\"gpt-4o-mini\",\"input\":\"hello\"}"))) {
            assertThat(r.statusCode()).isEqualTo(404);
            JsonNode error = JSON.readTree(r.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("model_not_found");
            assertThat(error.get("param").asText()).isEqualTo("model");
            assertThat(error.get("message").asText()).contains("gpt-4o-mini");
            assertThat(r.headers().firstValue("x-gatehouse-unknown-model")).isEmpty();
        }
    }

    @Test
    void aPromptTooLongForTheChosenModelFallsBackToOneWithALargerContext() throws Exception {
        // the policy says tiny takes 4096 tokens, its tokenizer finds the prompt longer than its real context of 4:
        // the decision chooses tiny, the model's own count says no
        start(policy("").replace("tiny, quality: {default: 0.9}", "tiny, quality: {default: 0.9}, contextWindow: 4096"),
                ScriptedChatModel.saying(4, "short"), ScriptedChatModel.saying(4096, "long", " enough"));

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", EscalatingGatehouse.chat("auto",
                "a prompt of more than four words"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-model")).hasValue("other");
        assertThat(r.headers().firstValue("x-gatehouse-fallback-from")).hasValue("tiny");
        assertThat(JSON.readTree(r.body()).at("/choices/0/message/content").asText()).isEqualTo("long enough");
    }

    @Test
    void aPromptTooLongForEveryModelIsA400WithTheRealCounts() throws Exception {
        start(policy("").replace("default: 0.9}", "default: 0.9}, contextWindow: 4096")
                        .replace("default: 0.6}", "default: 0.6}, contextWindow: 4096"),
                ScriptedChatModel.saying(4, "short"), ScriptedChatModel.saying(5, "short"));

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", EscalatingGatehouse.chat("auto",
                "a prompt of more than four words"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(error.get("param").asText()).isEqualTo("messages");
        assertThat(error.get("message").asText()).contains("7 tokens");
    }

    @Test
    void aNamedModelThatFailsHandsOverOnlyToAModelAtTheRequestsQualityFloor() throws Exception {
        start(policy(""), ScriptedChatModel.saying(4096, "tiny").failingAfter(0),
                ScriptedChatModel.saying(4096, "other"));
        HttpResponse<String> standIn = gatehouse.post("/v1/chat/completions", EscalatingGatehouse.chat("tiny", "hi"));
        assertThat(standIn.statusCode()).as(standIn.body()).isEqualTo(200);
        assertThat(standIn.headers().firstValue("x-gatehouse-model")).hasValue("other");
        assertThat(standIn.headers().firstValue("x-gatehouse-fallback-from")).hasValue("tiny");
        gatehouse.close();

        // other is below the floor: no stand-in, the failure of the model the client named
        start(policy("").replace("other, quality: {default: 0.6}", "other, quality: {default: 0.1}"),
                ScriptedChatModel.saying(4096, "tiny").failingAfter(0), ScriptedChatModel.saying(4096, "other"));
        HttpResponse<String> named = gatehouse.post("/v1/chat/completions", EscalatingGatehouse.chat("tiny", "hi"));
        assertThat(named.statusCode()).as(named.body()).isEqualTo(503);
        assertThat(JSON.readTree(named.body()).at("/error/code").asText()).isEqualTo("worker_failed");
        assertThat(other.started).hasValue(0);
    }

    @Test
    void embeddingsDimensionsAreHonouredWhenTheyAreTheModelsOwnAndRefusedByNameOtherwise() throws Exception {
        start(policy(""), ScriptedChatModel.saying(4096, "hi"), ScriptedChatModel.saying(4096, "other"));

        HttpResponse<String> same = gatehouse.post("/v1/embeddings", "{\"input\":\"hello\",\"dimensions\":3}");
        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
        assertThat(JSON.readTree(same.body()).at("/data/0/embedding").size()).isEqualTo(3);

        HttpResponse<String> shorter = gatehouse.post("/v1/embeddings", "{\"input\":\"hello\",\"dimensions\":2}");
        assertThat(shorter.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(shorter.body()).get("error");
        assertThat(error.get("param").asText()).isEqualTo("dimensions");
        assertThat(error.get("code").asText()).isEqualTo("unsupported_parameter");
        assertThat(error.get("message").asText()).contains("emb").contains("3 dimensions");
    }
}
