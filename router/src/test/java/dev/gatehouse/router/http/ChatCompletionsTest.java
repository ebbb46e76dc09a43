package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    ScriptedChatModel tiny = ScriptedChatModel.saying(64, "Once", " upon", " a", " time");
    ScriptedChatModel other = ScriptedChatModel.saying(64, "other");
    RunningGatehouse gatehouse;

    @BeforeEach
    void start() {
        Manifest manifest = new Manifest(List.of(
                RunningGatehouse.chatSpec("tiny", true, 2, "stories"),
                RunningGatehouse.chatSpec("other", false, 1),
                RunningGatehouse.embeddingSpec("minilm", true)));
        ScriptedLoader loader = new ScriptedLoader().with("tiny", tiny).with("other", other)
                .with("minilm", new ScriptedEmbeddingModel());
        gatehouse = RunningGatehouse.start(manifest, new PoolSettings(2, 0, Duration.ZERO, 64), loader, 4096);
    }

    @AfterEach
    void stop() {
        gatehouse.close();
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void aCompletionReturnsTheModelsTextWithRealUsageAndHeaders() throws Exception {
        var response = gatehouse.post("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"tell me a story\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-gatehouse-model")).hasValue("tiny");
        assertThat(response.headers().firstValue("x-gatehouse-request-id")).isPresent();
        JsonNode body = json(response);
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("model").asText()).isEqualTo("tiny");
        assertThat(body.get("id").asText()).startsWith("chatcmpl-");
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asText()).isEqualTo("Once upon a time");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(4);
        assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(4);
        assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void maxTokensCutsTheCompletionWithFinishReasonLength() throws Exception {
        var response = gatehouse.post("/v1/chat/completions",
                "{\"model\":\"tiny\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}");
        JsonNode body = json(response);
        assertThat(body.get("choices").get(0).get("message").get("content").asText()).isEqualTo("Once upon");
        assertThat(body.get("choices").get(0).get("finish_reason").asText()).isEqualTo("length");
        assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void samplingFieldsReachTheModelAndMaxCompletionTokensIsAcceptedForMaxTokens() {
        gatehouse.post("/v1/chat/completions", """
                {"messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}],
                 "temperature":0.5,"top_p":0.9,"seed":42,"stop":["\\n","END"],"max_completion_tokens":3,
                 "n":1,"user":"u1","frequency_penalty":0,"logit_bias":{}}""");
        GenerationParams params = tiny.requests.getFirst().params();
        assertThat(params).isEqualTo(new GenerationParams(3, 0.5, 0.9, 42L, List.of("\n", "END"), null, null, null,
                0.0, null, java.util.Map.of(), false, null, dev.gatehouse.inference.ResponseFormat.TEXT));
        assertThat(tiny.requests.getFirst().messages()).containsExactly(
                new ChatMessage(ChatMessage.Role.SYSTEM, "be brief"), new ChatMessage(ChatMessage.Role.USER, "hi"));
    }

    @Test
    void withoutMaxTokensTheModelMayFillWhatTheContextLeavesAfterThePrompt() {
        gatehouse.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}");
        // no limit is sent: the worker, which counts the prompt, stops when the slot's context is full
        assertThat(tiny.requests.getFirst().params().maxTokens()).isNull();
    }

    @Test
    void contentGivenAsTextPartsIsJoined() {
        gatehouse.post("/v1/chat/completions", """
                {"messages":[{"role":"user","content":[{"type":"text","text":"first"},{"type":"text","text":"second"}]}]}""");
        assertThat(tiny.requests.getFirst().messages().getFirst().content()).isEqualTo("first\nsecond");
    }

    @Test
    void anAliasAndAutoAndAMissingModelAllResolve() throws Exception {
        assertThat(gatehouse.post("/v1/chat/completions",
                "{\"model\":\"stories\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .headers().firstValue("x-gatehouse-model")).hasValue("tiny");
        assertThat(json(gatehouse.post("/v1/chat/completions",
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).get("model").asText())
                .isEqualTo("tiny");
        assertThat(json(gatehouse.post("/v1/chat/completions",
                "{\"model\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).get("model").asText())
                .isEqualTo("other");
    }

    @Test
    void maxTokensBeyondTheContextIsRefusedNamingBothNumbers() throws Exception {
        var response = gatehouse.post("/v1/chat/completions",
                "{\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"a b c d\"}]}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(error.get("param").asText()).isEqualTo("max_tokens");
        assertThat(error.get("message").asText()).contains("100", "4", "64");
        assertThat(response.headers().firstValue("x-gatehouse-model")).hasValue("tiny");
        assertThat(tiny.started).hasValue(0);
    }

    @Test
    void aPromptThatFillsTheContextIsRefused() throws Exception {
        String words = "w ".repeat(64);
        var response = gatehouse.post("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"" + words + "\"}]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(json(response).get("error").get("param").asText()).isEqualTo("messages");
    }

    @Test
    void anEmbeddingModelAskedToChatIsABadRequestNamingTheModel() throws Exception {
        var response = gatehouse.post("/v1/chat/completions",
                "{\"model\":\"minilm\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("param").asText()).isEqualTo("model");
    }
}
