package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Error messages name the rule without echoing a client's huge value or a JSON library's internals. */
class BoundedErrorMessagesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String HUGE = "x".repeat(100_000);
    static final String SPACED = "word ".repeat(20_000);
    static RunningGatehouse gatehouse;

    @BeforeAll
    static void start() {
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("m", true, 2),
                RunningGatehouse.embeddingSpec("e", true)));
        gatehouse = RunningGatehouse.start(manifest, new PoolSettings(2, 0, Duration.ZERO, 64),
                new ScriptedLoader().with("m", ScriptedChatModel.saying(64, "ok"))
                        .with("e", new ScriptedEmbeddingModel()), 1 << 20);
    }

    @AfterAll
    static void stop() {
        gatehouse.close();
    }

    record Case(String name, String path, String body, int status, String messagePart) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String chat = "/v1/chat/completions";
        String user = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        return Stream.of(
                new Case("a 100 KB model name is cut in the chat error", chat,
                        "{\"model\":\"" + HUGE + "\"," + user + "}", 404, "does not exist"),
                new Case("a 100 KB model name is cut in the route error", "/v1/route",
                        "{\"model\":\"" + HUGE + "\"," + user + "}", 404, "does not exist"),
                new Case("a 100 KB model name of words is cut too", chat,
                        "{\"model\":\"" + SPACED + "\"," + user + "}", 404, "does not exist"),
                new Case("a 100 KB embedding model name is cut", "/v1/embeddings",
                        "{\"model\":\"" + HUGE + "\",\"input\":\"a\"}", 404, "does not exist"),
                new Case("a 100 KB encoding_format is cut", "/v1/embeddings",
                        "{\"encoding_format\":\"" + HUGE + "\",\"input\":\"a\"}", 400, "encoding_format"),
                new Case("nesting past the parser's depth names the limit, not the library", chat,
                        "[".repeat(5000) + "]".repeat(5000), 400, "nesting depth"),
                new Case("a number past the parser's length names the limit, not the library", chat,
                        "{\"max_tokens\":" + "9".repeat(5000) + "}", 400, "not valid JSON"),
                new Case("an unterminated object says so without the parser's source description", chat,
                        "{\"model\":\"m\"," + user, 400, "not valid JSON"),
                new Case("a 100 KB unquoted token is cut", chat, "{\"model\":" + HUGE + "}", 400,
                        "not valid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theErrorNamesTheRuleInABoundedMessageWithoutLibraryInternals(Case c) throws Exception {
        var response = gatehouse.post(c.path, c.body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(c.status);
        JsonNode error = JSON.readTree(response.body()).get("error");
        String message = error.get("message").asText();
        assertThat(message).contains(c.messagePart).hasSizeLessThan(600);
        assertThat(message).doesNotContain("`", "StreamReadConstraints", "Source:", "com.fasterxml", "REDACTED");
        assertThat(response.body().length()).isLessThan(1000);
    }

    @Test
    void aShortMessageIsKeptAsWritten() {
        String message = "temperature: must be between 0 and 2, was 2.5";
        assertThat(ApiError.bounded(message)).isEqualTo(message);
    }

    @Test
    void aLongValueKeepsItsStartAndSaysHowLongItWas() {
        assertThat(ApiError.bounded("The model '" + HUGE + "' does not exist; known models: m"))
                .isEqualTo("The model '" + "x".repeat(31) + "…(100002 characters) does not exist; known models: m");
    }

    @Test
    void aLongMessageOfShortWordsKeepsItsStartAndItsEnd() {
        String bounded = ApiError.bounded("The model '" + SPACED + "' does not exist; known models: m");
        assertThat(bounded).hasSizeLessThanOrEqualTo(ApiError.MAX_MESSAGE).startsWith("The model 'word word")
                .contains("characters cut)").endsWith("word ' does not exist; known models: m");
    }
}
