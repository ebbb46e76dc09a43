package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RequestErrorsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String USER_HI = "{\"role\":\"user\",\"content\":\"hi\"}";
    static RunningGatehouse gatehouse;

    @BeforeAll
    static void start() {
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("m", true, 2),
                RunningGatehouse.embeddingSpec("e", true)));
        gatehouse = RunningGatehouse.start(manifest, new PoolSettings(2, 0, Duration.ZERO, 64),
                new ScriptedLoader().with("m", ScriptedChatModel.saying(64, "ok"))
                        .with("e", new ScriptedEmbeddingModel()), 4096);
    }

    @AfterAll
    static void stop() {
        gatehouse.close();
    }

    /** A bad request body, and what the client must be told. */
    record BadRequest(String name, String path, String body, int status, String param, String code,
            String messagePart) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BadRequest> badRequests() {
        String chat = "/v1/chat/completions";
        String emb = "/v1/embeddings";
        return Stream.of(
                new BadRequest("malformed JSON is invalid_json", chat, "{\"messages\": [", 400, null,
                        "invalid_json", "not valid JSON"),
                new BadRequest("an empty body is invalid_json", chat, "", 400, null, "invalid_json", "empty"),
                new BadRequest("a body that is not an object is refused", chat, "[1]", 400, "(body)", null,
                        "must be a JSON object"),
                new BadRequest("missing messages are required", chat, "{}", 400, "messages", null, "is required"),
                new BadRequest("empty messages are refused", chat, "{\"messages\":[]}", 400, "messages", null,
                        "at least one"),
                new BadRequest("messages that are not an array are refused", chat, "{\"messages\":\"hi\"}", 400,
                        "messages", null, "must be an array"),
                new BadRequest("a number as content names the message", chat,
                        "{\"messages\":[" + USER_HI + ",{\"role\":\"user\",\"content\":5}]}", 400,
                        "messages[1].content", null, "messages[1].content: must be a string"),
                new BadRequest("an unknown role is refused", chat,
                        "{\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}", 400, "messages[0].role", null,
                        "system, developer, user, assistant, tool"),
                new BadRequest("an image part is refused", chat,
                        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}", 400,
                        "messages[0].content[0].type", null, "text only"),
                new BadRequest("n above one is refused naming n", chat,
                        "{\"n\":2,\"messages\":[" + USER_HI + "]}", 400, "n", null, "only 1"),
                new BadRequest("temperature above two is refused", chat,
                        "{\"temperature\":2.5,\"messages\":[" + USER_HI + "]}", 400, "temperature", null,
                        "between 0 and 2"),
                new BadRequest("top_p of zero is refused", chat, "{\"top_p\":0,\"messages\":[" + USER_HI + "]}",
                        400, "top_p", null, "greater than 0"),
                new BadRequest("a fractional seed is refused", chat, "{\"seed\":1.5,\"messages\":[" + USER_HI + "]}",
                        400, "seed", null, "must be an integer"),
                new BadRequest("five stop strings are too many", chat,
                        "{\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"messages\":[" + USER_HI + "]}", 400, "stop", null,
                        "at most 4"),
                new BadRequest("max_tokens of zero is refused", chat,
                        "{\"max_tokens\":0,\"messages\":[" + USER_HI + "]}", 400, "max_tokens", null, "at least 1"),
                new BadRequest("stream must be a boolean", chat, "{\"stream\":\"yes\",\"messages\":[" + USER_HI + "]}",
                        400, "stream", null, "true or false"),
                new BadRequest("a model name that is not a string is refused", chat,
                        "{\"model\":7,\"messages\":[" + USER_HI + "]}", 400, "model", null, "must be a string"),
                new BadRequest("a body over the limit is 413", chat,
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5000) + "\"}]}", 413, null,
                        "request_too_large", "4096"),
                new BadRequest("embeddings without input are refused", emb, "{}", 400, "input", null, "is required"),
                new BadRequest("an empty input array is refused", emb, "{\"input\":[]}", 400, "input", null,
                        "at least one"),
                new BadRequest("token arrays are refused", emb, "{\"input\":[1,2,3]}", 400, "input[0]", null,
                        "token arrays"),
                new BadRequest("a non-string input item names its index", emb, "{\"input\":[\"a\",{}]}", 400,
                        "input[1]", null, "must be a string"),
                new BadRequest("an unknown encoding format is refused", emb,
                        "{\"input\":\"a\",\"encoding_format\":\"int8\"}", 400, "encoding_format", null, "float"),
                new BadRequest("a chat model asked for embeddings is refused", emb,
                        "{\"input\":\"a\",\"model\":\"m\"}", 400, "model", "model_wrong_task", "m"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestsGetAnOpenAiErrorNamingTheField(BadRequest c) throws Exception {
        HttpResponse<String> response = gatehouse.post(c.path(), c.body());

        assertThat(response.statusCode()).isEqualTo(c.status());
        assertThat(response.headers().firstValue("x-gatehouse-request-id")).isPresent();
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").isNull() ? null : error.get("param").asText()).isEqualTo(c.param());
        assertThat(error.get("code").isNull() ? null : error.get("code").asText()).isEqualTo(c.code());
        assertThat(error.get("message").asText()).contains(c.messagePart()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void anUnknownRouteIsA404InOpenAiShape() throws Exception {
        HttpResponse<String> response = gatehouse.get("/v1/nothing-here");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("error").get("code").asText()).isEqualTo("not_found");
        assertThat(response.headers().firstValue("x-gatehouse-request-id")).isPresent();
    }

    @Test
    void aWrongMethodIsA405NamingTheAllowedOne() throws Exception {
        HttpResponse<String> response = gatehouse.get("/v1/chat/completions");
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue("POST");
        assertThat(JSON.readTree(response.body()).get("error").get("code").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void aWellFormedClientRequestIdIsEchoedAndAMalformedOneReplaced() {
        var echoed = gatehouse.post("/v1/chat/completions", "{\"messages\":[" + USER_HI + "]}",
                "x-request-id", "client-42");
        assertThat(echoed.headers().firstValue("x-gatehouse-request-id")).hasValue("client-42");
        var replaced = gatehouse.post("/v1/chat/completions", "{}", "x-request-id", "bad id with spaces");
        assertThat(replaced.headers().firstValue("x-gatehouse-request-id")).hasValueSatisfying(
                id -> assertThat(id).isNotEqualTo("bad id with spaces").matches("[0-9a-f-]{36}"));
    }

    @Test
    void aChunkedBodyOverTheLimitIs413Too() {
        HttpResponse<String> response = gatehouse.send(HttpRequest.newBuilder(gatehouse.uri("/v1/embeddings"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        ("{\"input\":\"" + "y".repeat(6000) + "\"}").getBytes())))
                .build());
        assertThat(response.statusCode()).isEqualTo(413);
    }
}
