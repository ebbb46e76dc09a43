package dev.gatehouse.router.http;

import static dev.gatehouse.router.http.ChatStreamingTest.events;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.inference.ToolCall;
import dev.gatehouse.inference.ToolChoice;
import dev.gatehouse.inference.ToolDefinition;
import dev.gatehouse.manifest.Manifest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Logprobs and tool calls on a real server over scripted local models, as OpenAI shapes them: whole in a
 * {@code chat.completion}, piece by piece in chunks.
 */
class ToolsAndLogprobsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHAT = "/v1/chat/completions";
    static final String USER = "{\"role\":\"user\",\"content\":\"hi there\"}";
    static final String TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}";
    static final ToolCall CALL = new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}");

    RunningGatehouse gatehouse;

    @AfterEach
    void stop() {
        if (gatehouse != null) gatehouse.close();
    }

    RunningGatehouse serve(ScriptedChatModel model) {
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("m", true, 2)));
        gatehouse = RunningGatehouse.start(manifest, new PoolSettings(2, 0, Duration.ZERO, 64),
                new ScriptedLoader().with("m", model), 1 << 16);
        return gatehouse;
    }

    JsonNode post(String body) throws Exception {
        HttpResponse<String> response = gatehouse.post(CHAT, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The chunks of a streamed answer, without [DONE]. */
    List<JsonNode> chunks(String body) throws Exception {
        HttpResponse<String> response = gatehouse.post(CHAT, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> events = events(response.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        for (String e : events.subList(0, events.size() - 1)) chunks.add(JSON.readTree(e));
        return chunks;
    }

    /** What {@link ScriptedChatModel#logprob} reports, in OpenAI's shape. */
    static JsonNode expectedLogprob(String token, int index, int alternatives) throws Exception {
        return JSON.readTree(OpenAiJson.bytes(ChoiceJson.logprobs(List.of(
                ScriptedChatModel.logprob(token, index, alternatives))))).get("content").get(0);
    }

    @Test
    void aCompletionCarriesEveryTokensLogprobWithBytesAndAlternativesWhenAsked() throws Exception {
        serve(ScriptedChatModel.saying(64, "Hé", "!"));

        JsonNode body = post("{\"messages\":[" + USER + "],\"logprobs\":true,\"top_logprobs\":2}");

        JsonNode content = body.at("/choices/0/logprobs/content");
        assertThat(content).hasSize(2);
        assertThat(content.get(0)).isEqualTo(expectedLogprob("Hé", 0, 2));
        assertThat(content.get(0).get("bytes")).isEqualTo(JSON.readTree("[72,195,169]"));
        assertThat(content.get(0).at("/top_logprobs/1/token").asText()).isEqualTo("alt1");
        assertThat(content.get(1).get("logprob").asDouble()).isEqualTo(-0.5);
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hé!");
    }

    @Test
    void logprobsAreNullWhenNotAskedForAndTheModelIsNotAskedEither() throws Exception {
        ScriptedChatModel model = ScriptedChatModel.saying(64, "ok");
        serve(model);

        JsonNode body = post("{\"messages\":[" + USER + "]}");

        assertThat(body.at("/choices/0/logprobs").isNull()).isTrue();
        assertThat(model.requests.getFirst().params().logprobs()).isFalse();
    }

    @Test
    void eachStreamedChunkCarriesTheLogprobsOfItsOwnTokens() throws Exception {
        serve(ScriptedChatModel.saying(64, "a", "b", "c"));

        List<JsonNode> chunks = chunks("{\"stream\":true,\"messages\":[" + USER + "],\"logprobs\":true}");

        assertThat(chunks.getFirst().at("/choices/0/logprobs").isNull()).as("the role chunk has none").isTrue();
        List<JsonNode> content = chunks.subList(1, 4);
        for (int i = 0; i < 3; i++) {
            assertThat(content.get(i).at("/choices/0/delta/content").asText()).isEqualTo(List.of("a", "b", "c").get(i));
            assertThat(content.get(i).at("/choices/0/logprobs/content")).containsExactly(
                    expectedLogprob(List.of("a", "b", "c").get(i), i, 0));
        }
        assertThat(chunks.getLast().at("/choices/0/logprobs").isNull()).isTrue();
        assertThat(chunks.getLast().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void anAnswerThatOnlyCallsAToolHasNullContentTheCallAndFinishReasonToolCalls() throws Exception {
        serve(ScriptedChatModel.saying(64).callingTools(CALL));

        JsonNode body = post("{\"messages\":[" + USER + "],\"tools\":[" + TOOL + "]}");

        JsonNode choice = body.at("/choices/0");
        assertThat(choice.at("/message/content").isNull()).isTrue();
        assertThat(choice.at("/message/tool_calls")).isEqualTo(JSON.readTree("[{\"id\":\"call_1\",\"type\":"
                + "\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]"));
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void textBeforeAToolCallIsKeptAsContent() throws Exception {
        serve(ScriptedChatModel.saying(64, "Let me check.").callingTools(CALL));

        JsonNode body = post("{\"messages\":[" + USER + "],\"tools\":[" + TOOL + "]}");

        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Let me check.");
        assertThat(body.at("/choices/0/message/tool_calls")).hasSize(1);
    }

    @Test
    void aStreamedToolCallArrivesAsOneIndexedDeltaJustBeforeTheFinishChunk() throws Exception {
        ToolCall second = new ToolCall("call_2", "get_weather", "{\"city\":\"Bergen\"}");
        serve(ScriptedChatModel.saying(64, "Checking").callingTools(CALL, second));

        List<JsonNode> chunks = chunks("{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":["
                + USER + "],\"tools\":[" + TOOL + "]}");

        // role, "Checking", tool calls, finish, usage
        assertThat(chunks).hasSize(5);
        JsonNode calls = chunks.get(2).at("/choices/0/delta/tool_calls");
        assertThat(calls).isEqualTo(JSON.readTree("""
                [{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather",
                  "arguments":"{\\"city\\":\\"Oslo\\"}"}},
                 {"index":1,"id":"call_2","type":"function","function":{"name":"get_weather",
                  "arguments":"{\\"city\\":\\"Bergen\\"}"}}]"""));
        assertThat(chunks.get(2).at("/choices/0/finish_reason").isNull()).isTrue();
        assertThat(chunks.get(3).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(chunks.get(4).get("choices")).isEmpty();
    }

    @Test
    void toolsToolChoiceAndToolTurnsReachTheModel() {
        ScriptedChatModel model = ScriptedChatModel.saying(64, "Sunny.");
        serve(model);

        gatehouse.post(CHAT, "{\"messages\":[" + USER + ",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":"
                + "\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny\"}],\"tools\":["
                + TOOL + "],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}}");

        ChatRequest request = model.requests.getFirst();
        assertThat(request.messages()).containsExactly(new ChatMessage(ChatMessage.Role.USER, "hi there"),
                new ChatMessage(ChatMessage.Role.ASSISTANT, "", List.of(new ToolCall("call_1", "get_weather", "{}")),
                        null),
                new ChatMessage(ChatMessage.Role.TOOL, "sunny", List.of(), "call_1"));
        assertThat(request.tools()).containsExactly(new ToolDefinition("get_weather", null,
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"));
        assertThat(request.toolChoice()).isEqualTo(new ToolChoice(ToolChoice.Mode.FUNCTION, "get_weather"));
    }

    @Test
    void jsonOutputReachesALocalModelAsAGrammarItMustFollow() throws Exception {
        ScriptedChatModel model = ScriptedChatModel.saying(64, "{}");
        serve(model);

        HttpResponse<String> response = gatehouse.post(CHAT, "{\"messages\":[" + USER + "],"
                + "\"response_format\":{\"type\":\"json_object\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        var format = model.requests.getFirst().params().responseFormat();
        assertThat(format.type()).isEqualTo(dev.gatehouse.inference.ResponseFormat.Type.JSON_OBJECT);
        assertThat(format.grammar()).startsWith("root ::= object");
    }

    @Test
    void aSchemaKeywordNoGrammarCanEnforceIsRefusedByItsPathInsteadOfIgnored() throws Exception {
        ScriptedChatModel model = ScriptedChatModel.saying(64, "not json");
        serve(model);

        HttpResponse<String> response = gatehouse.post(CHAT, "{\"messages\":[" + USER + "],"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":"
                + "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\",\"pattern\":\"^[A-Z]+$\"}}}}}}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("param").asText())
                .isEqualTo("response_format.json_schema.schema/properties/code/pattern");
        assertThat(error.get("code").asText()).isEqualTo("unsupported_parameter");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(model.started.get()).as("nothing was generated").isZero();
    }
}
