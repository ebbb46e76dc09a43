package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.ResponseFormat;
import dev.gatehouse.inference.ToolCall;
import dev.gatehouse.inference.ToolChoice;
import dev.gatehouse.inference.ToolDefinition;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import dev.gatehouse.router.serving.ChatCompletionRequest;
import dev.gatehouse.router.serving.RequestedFormat;

class ChatCompletionParserTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String USER = "{\"role\":\"user\",\"content\":\"hi\"}";
    static final String WEATHER_TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"Weather now\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":"
            + "{\"type\":\"string\"}}}}}";
    static final String CALL = "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}";

    static ChatCompletionRequest parse(String json) {
        try {
            return ChatCompletionParser.parse(JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A body with the user message and these extra top-level fields. */
    static String with(String fields) {
        return "{\"messages\":[" + USER + "]" + (fields.isEmpty() ? "" : "," + fields) + "}";
    }

    // --- accepted fields ---

    @Test
    void aToolTurnAnswersAnEarlierAssistantToolCallAndAnAssistantTurnWithOnlyToolCallsHasEmptyContent() {
        var request = parse("{\"messages\":[" + USER + ",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + CALL + "]},{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"name\":\"get_weather\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"sunny\"}]}]," + "\"tools\":[" + WEATHER_TOOL + "]}");

        assertThat(request.messages()).containsExactly(
                new ChatMessage(ChatMessage.Role.USER, "hi"),
                new ChatMessage(ChatMessage.Role.ASSISTANT, "",
                        List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}")), null),
                new ChatMessage(ChatMessage.Role.TOOL, "sunny", List.of(), "call_1"));
    }

    @Test
    void anAssistantTurnWithoutContentKeyButWithToolCallsIsAccepted() {
        var request = parse("{\"messages\":[" + USER + ",{\"role\":\"assistant\",\"tool_calls\":[" + CALL + "]}]}");
        assertThat(request.messages().get(1).content()).isEmpty();
        assertThat(request.messages().get(1).toolCalls()).hasSize(1);
    }

    @Test
    void toolsBecomeDefinitionsWithTheirParametersAsJsonTextAndRoutingSeesThem() throws Exception {
        var request = parse(with("\"tools\":[" + WEATHER_TOOL + ",{\"type\":\"function\",\"function\":{\"name\":"
                + "\"now\"}}],\"tool_choice\":\"required\",\"parallel_tool_calls\":false"));

        assertThat(request.tools()).hasSize(2);
        ToolDefinition weather = request.tools().getFirst();
        assertThat(weather.name()).isEqualTo("get_weather");
        assertThat(weather.description()).isEqualTo("Weather now");
        assertThat(JSON.readTree(weather.parameters()).at("/properties/city/type").asText()).isEqualTo("string");
        assertThat(request.tools().get(1)).isEqualTo(new ToolDefinition("now", null, null));
        assertThat(request.toolChoice()).isEqualTo(new ToolChoice(ToolChoice.Mode.REQUIRED, null));
        assertThat(request.parallelToolCalls()).isFalse();
        assertThat(request.toolsRequested()).isTrue();
        assertThat(request.providerOptions().parallelToolCalls()).isFalse();
    }

    record Choice(String json, ToolChoice expected) {}

    static Stream<Choice> toolChoices() {
        return Stream.of(new Choice("\"auto\"", ToolChoice.AUTO),
                new Choice("\"none\"", new ToolChoice(ToolChoice.Mode.NONE, null)),
                new Choice("\"required\"", new ToolChoice(ToolChoice.Mode.REQUIRED, null)),
                new Choice("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}",
                        new ToolChoice(ToolChoice.Mode.FUNCTION, "get_weather")),
                new Choice("null", ToolChoice.AUTO));
    }

    @ParameterizedTest
    @MethodSource("toolChoices")
    void everyToolChoiceFormOpenAiDefinesIsUnderstood(Choice c) {
        var request = parse(with("\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":" + c.json()));
        assertThat(request.toolChoice()).isEqualTo(c.expected());
    }

    @Test
    void everySamplingFieldReachesTheEngineParamsWithTheCompiledFormat() {
        var request = parse(with("\"temperature\":0.7,\"top_p\":0.9,\"top_k\":40,\"min_p\":0.05,"
                + "\"repeat_penalty\":1.1,\"frequency_penalty\":-0.5,\"presence_penalty\":1.5,"
                + "\"logit_bias\":{\"50256\":-100,\"13\":2.5},\"seed\":42,\"stop\":\"END\",\"logprobs\":true,"
                + "\"top_logprobs\":3"));

        GenerationParams p = request.params(16, ResponseFormat.TEXT);
        assertThat(p).isEqualTo(new GenerationParams(16, 0.7, 0.9, 42L, List.of("END"), 40, 0.05, 1.1, -0.5, 1.5,
                Map.of(50256, -100.0, 13, 2.5), true, 3, ResponseFormat.TEXT));
        assertThat(p.asksBeyondBasics()).isTrue();
    }

    @Test
    void aRequestWithNoneOfTheNewFieldsAsksNothingBeyondTheBasics() {
        var request = parse(with("\"temperature\":0.2"));
        ChatRequest chat = request.toChatRequest(8, ResponseFormat.TEXT);
        assertThat(chat.params().asksBeyondBasics()).isFalse();
        assertThat(chat.tools()).isEmpty();
        assertThat(chat.toolChoice()).isEqualTo(ToolChoice.AUTO);
        assertThat(request.structuredOutput()).isFalse();
        assertThat(request.toolsRequested()).isFalse();
        assertThat(request.providerOptions().responseFormat()).isNull();
    }

    @Test
    void jsonSchemaIsCarriedAsAskedForTheCompilerAndForProviders() throws Exception {
        var request = parse(with("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"city\","
                + "\"description\":\"A city\",\"strict\":true,\"schema\":{\"type\":\"object\",\"required\":[\"name\"],"
                + "\"properties\":{\"name\":{\"type\":\"string\"}}}}}"));

        RequestedFormat format = request.responseFormat();
        assertThat(format.type()).isEqualTo(ResponseFormat.Type.JSON_SCHEMA);
        assertThat(format.name()).isEqualTo("city");
        assertThat(format.description()).isEqualTo("A city");
        assertThat(format.strict()).isTrue();
        assertThat(format.schema().at("/properties/name/type").asText()).isEqualTo("string");
        assertThat(request.structuredOutput()).isTrue();
        assertThat(request.providerOptions().responseFormat()).isEqualTo(JSON.readTree("{\"type\":\"json_schema\","
                + "\"json_schema\":{\"name\":\"city\",\"description\":\"A city\",\"schema\":{\"type\":\"object\","
                + "\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\"}}},\"strict\":true}}"));
    }

    @Test
    void theEngineGetsTheCompiledGrammarAndAMismatchedCompiledTypeIsAProgrammingError() {
        var request = parse(with("\"response_format\":{\"type\":\"json_object\"}"));
        var compiled = new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, "root ::= \"{}\"");

        assertThat(request.params(8, compiled).responseFormat()).isEqualTo(compiled);
        var mismatch = catchThrowableOfType(IllegalArgumentException.class,
                () -> request.params(8, ResponseFormat.TEXT));
        assertThat(mismatch).hasMessageContaining("JSON_OBJECT");
    }

    @Test
    void aProviderRequestCarriesEverythingButTheUncompiledFormatWhichTravelsAsSent() {
        var request = parse(with("\"response_format\":{\"type\":\"json_object\"},\"logprobs\":true,"
                + "\"tools\":[" + WEATHER_TOOL + "]"));
        ChatRequest chat = request.toProviderRequest(32);

        assertThat(chat.params().responseFormat()).isEqualTo(ResponseFormat.TEXT);
        assertThat(chat.params().logprobs()).isTrue();
        assertThat(chat.tools()).hasSize(1);
        assertThat(request.providerOptions().responseFormat().path("type").asText()).isEqualTo("json_object");
    }

    // --- refused fields: each rule names its field ---

    record Bad(String name, String body, String param, String messagePart) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> badRequests() {
        String tools = "\"tools\":[" + WEATHER_TOOL + "]";
        return Stream.of(
                new Bad("a tool turn without tool_call_id is refused",
                        "{\"messages\":[" + USER + ",{\"role\":\"tool\",\"content\":\"x\"}]}",
                        "messages[1].tool_call_id", "is required"),
                new Bad("a tool turn answering no earlier call is refused",
                        "{\"messages\":[" + USER + ",{\"role\":\"tool\",\"tool_call_id\":\"call_9\",\"content\":\"x\"}]}",
                        "messages[1].tool_call_id", "earlier assistant message"),
                new Bad("a tool turn without content is refused",
                        "{\"messages\":[" + USER + ",{\"role\":\"assistant\",\"tool_calls\":[" + CALL + "]},"
                                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\"}]}",
                        "messages[2].content", "is required"),
                new Bad("tool calls on a user turn are refused",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"tool_calls\":[" + CALL + "]}]}",
                        "messages[0].tool_calls", "only assistant"),
                new Bad("an assistant turn with neither content nor tool calls is refused",
                        "{\"messages\":[" + USER + ",{\"role\":\"assistant\",\"content\":null}]}",
                        "messages[1].content", "is required"),
                new Bad("a tool call of another type than function is refused",
                        "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"code\","
                                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}]}",
                        "messages[0].tool_calls[0].type", "must be \"function\""),
                new Bad("a tool call whose arguments are not a string is refused",
                        "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                                + "\"function\":{\"name\":\"f\",\"arguments\":{}}}]}]}",
                        "messages[0].tool_calls[0].function.arguments", "must be a string"),
                new Bad("a tool call without an id is refused",
                        "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"type\":\"function\","
                                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}]}",
                        "messages[0].tool_calls[0].id", "is required"),
                new Bad("an unknown role lists the roles, without echoing a long value",
                        "{\"messages\":[{\"role\":\"" + "w".repeat(500) + "\",\"content\":\"x\"}]}",
                        "messages[0].role", "system, developer, user, assistant, tool, was a string of 500"),
                new Bad("tools that are not an array are refused", with("\"tools\":{}"), "tools", "must be an array"),
                new Bad("more than 128 tools are refused",
                        with("\"tools\":[" + String.join(",", java.util.Collections.nCopies(129, WEATHER_TOOL)) + "]"),
                        "tools", "at most 128"),
                new Bad("a tool of another type than function is refused",
                        with("\"tools\":[{\"type\":\"retrieval\"}]"), "tools[0].type", "must be \"function\""),
                new Bad("a tool without function is refused", with("\"tools\":[{\"type\":\"function\"}]"),
                        "tools[0].function", "is required"),
                new Bad("a function name with spaces is refused",
                        with("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get weather\"}}]"),
                        "tools[0].function.name", "letters, digits, underscores or dashes"),
                new Bad("a function name over 64 characters is refused without being echoed",
                        with("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"" + "a".repeat(65) + "\"}}]"),
                        "tools[0].function.name", "a string of 65 characters"),
                new Bad("parameters that are not an object are refused",
                        with("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":\"x\"}}]"),
                        "tools[0].function.parameters", "must be an object"),
                new Bad("two tools with one name are refused",
                        with("\"tools\":[" + WEATHER_TOOL + "," + WEATHER_TOOL + "]"),
                        "tools[1].function.name", "tools[0] has the same name"),
                new Bad("an unknown tool_choice string is refused", with(tools + ",\"tool_choice\":\"any\""),
                        "tool_choice", "\"auto\", \"none\", \"required\""),
                new Bad("tool_choice required without tools is refused", with("\"tool_choice\":\"required\""),
                        "tool_choice", "needs tools"),
                new Bad("tool_choice naming a function that is not among the tools is refused",
                        with(tools + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"other\"}}"),
                        "tool_choice.function.name", "one of the tools"),
                new Bad("tool_choice of another type than function is refused",
                        with(tools + ",\"tool_choice\":{\"type\":\"allowed_tools\"}"),
                        "tool_choice.type", "must be \"function\""),
                new Bad("tool_choice as a number is refused", with(tools + ",\"tool_choice\":1"),
                        "tool_choice", "a string or an object"),
                new Bad("parallel_tool_calls that is not a boolean is refused", with("\"parallel_tool_calls\":1"),
                        "parallel_tool_calls", "true or false"),
                new Bad("logprobs that is not a boolean is refused", with("\"logprobs\":\"yes\""),
                        "logprobs", "true or false"),
                new Bad("top_logprobs without logprobs is refused as OpenAI does", with("\"top_logprobs\":2"),
                        "top_logprobs", "needs logprobs set to true"),
                new Bad("top_logprobs with logprobs false is refused", with("\"logprobs\":false,\"top_logprobs\":2"),
                        "top_logprobs", "needs logprobs"),
                new Bad("top_logprobs above 20 is refused", with("\"logprobs\":true,\"top_logprobs\":21"),
                        "top_logprobs", "between 0 and 20"),
                new Bad("negative top_logprobs is refused", with("\"logprobs\":true,\"top_logprobs\":-1"),
                        "top_logprobs", "between 0 and 20"),
                new Bad("a response_format of unknown type is refused",
                        with("\"response_format\":{\"type\":\"yaml\"}"), "response_format.type", "was \"yaml\""),
                new Bad("json_schema without its object is refused",
                        with("\"response_format\":{\"type\":\"json_schema\"}"), "response_format.json_schema",
                        "is required"),
                new Bad("json_schema without a name is refused",
                        with("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{}}}"),
                        "response_format.json_schema.name", "is required"),
                new Bad("json_schema with a name of bad characters is refused",
                        with("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"a b\","
                                + "\"schema\":{}}}"), "response_format.json_schema.name", "letters, digits"),
                new Bad("json_schema without a schema is refused",
                        with("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\"}}"),
                        "response_format.json_schema.schema", "is required"),
                new Bad("a schema that is not an object is refused",
                        with("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\","
                                + "\"schema\":[]}}"), "response_format.json_schema.schema", "must be an object"),
                new Bad("strict that is not a boolean is refused",
                        with("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\","
                                + "\"schema\":{},\"strict\":\"yes\"}}"), "response_format.json_schema.strict",
                        "true or false"),
                new Bad("negative top_k is refused", with("\"top_k\":-1"), "top_k", "0 (off) or more"),
                new Bad("fractional top_k is refused", with("\"top_k\":2.5"), "top_k", "must be an integer"),
                new Bad("min_p above one is refused", with("\"min_p\":1.5"), "min_p", "between 0 and 1"),
                new Bad("repeat_penalty of zero is refused", with("\"repeat_penalty\":0"), "repeat_penalty",
                        "greater than 0"),
                new Bad("frequency_penalty below minus two is refused", with("\"frequency_penalty\":-2.5"),
                        "frequency_penalty", "between -2 and 2"),
                new Bad("presence_penalty above two is refused", with("\"presence_penalty\":3"), "presence_penalty",
                        "between -2 and 2"),
                new Bad("logit_bias that is not an object is refused", with("\"logit_bias\":[1]"), "logit_bias",
                        "must be an object"),
                new Bad("a logit_bias key that is not a token id is refused", with("\"logit_bias\":{\"hello\":1}"),
                        "logit_bias", "token ids"),
                new Bad("a logit_bias key beyond an int is refused", with("\"logit_bias\":{\"99999999999\":1}"),
                        "logit_bias", "token ids"),
                new Bad("a logit_bias above 100 names its token", with("\"logit_bias\":{\"42\":101}"),
                        "logit_bias[\"42\"]", "between -100 and 100"),
                new Bad("a logit_bias value that is not a number names its token",
                        with("\"logit_bias\":{\"42\":\"x\"}"), "logit_bias[\"42\"]", "must be a number"),
                new Bad("more than 300 logit_bias entries are refused", with("\"logit_bias\":" + manyBiases(301)),
                        "logit_bias", "at most 300"),
                new Bad("a fractional seed is refused", with("\"seed\":0.5"), "seed", "must be an integer"));
    }

    static String manyBiases(int n) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(i).append("\":1");
        }
        return json.append('}').toString();
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void aBadFieldIsRefusedNamingTheFieldAndTheRule(Bad bad) {
        var e = catchThrowableOfType(InvalidRequestException.class, () -> parse(bad.body()));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.param()).isEqualTo(bad.param());
        assertThat(e.getMessage()).startsWith(bad.param() + ": ").contains(bad.messagePart());
    }

    @Test
    void threeHundredLogitBiasEntriesAreAccepted() {
        assertThat(parse(with("\"logit_bias\":" + manyBiases(300))).sampling().logitBias()).hasSize(300);
    }

    @Test
    void theNameOfAMessageIsAcceptedAndIgnored() {
        var request = parse("{\"messages\":[{\"role\":\"user\",\"name\":\"ann\",\"content\":\"hi\"}]}");
        assertThat(request.messages()).containsExactly(new ChatMessage(ChatMessage.Role.USER, "hi"));
    }

    static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }
}
