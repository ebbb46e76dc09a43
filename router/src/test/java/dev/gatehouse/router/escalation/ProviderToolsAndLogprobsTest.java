package dev.gatehouse.router.escalation;

import static dev.gatehouse.router.escalation.ProviderClientTest.client;
import static dev.gatehouse.router.escalation.ProviderClientTest.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.FinishReason;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.ResponseFormat;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenLogprob;
import dev.gatehouse.inference.ToolCall;
import dev.gatehouse.inference.ToolChoice;
import dev.gatehouse.inference.ToolDefinition;
import dev.gatehouse.inference.UnsupportedOptionException;
import dev.gatehouse.inference.Usage;
import dev.gatehouse.inference.provider.Delivery;
import dev.gatehouse.inference.provider.ProviderClient;
import dev.gatehouse.inference.provider.ProviderKind;
import dev.gatehouse.inference.provider.ProviderOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tools, tool turns, logprobs and response formats through both wire formats, against the real fake provider. */
class ProviderToolsAndLogprobsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}";
    static final ToolDefinition WEATHER = new ToolDefinition("get_weather", "Weather now", SCHEMA);
    static final ToolCall CALL = new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}");

    final FakeProvider fake = FakeProvider.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    static GenerationParams params(boolean logprobs, Integer topLogprobs) {
        return new GenerationParams(64, null, null, null, List.of(), null, null, null, null, null, Map.of(), logprobs,
                topLogprobs, ResponseFormat.TEXT);
    }

    /** A conversation that already went through one tool call, offering the tool again. */
    static ChatRequest toolConversation(ToolChoice choice) {
        return new ChatRequest(List.of(
                new ChatMessage(ChatMessage.Role.SYSTEM, "Be brief."),
                new ChatMessage(ChatMessage.Role.USER, "Weather in Oslo?"),
                new ChatMessage(ChatMessage.Role.ASSISTANT, "", List.of(CALL), null),
                new ChatMessage(ChatMessage.Role.TOOL, "sunny", List.of(), "call_1"),
                new ChatMessage(ChatMessage.Role.USER, "And tomorrow?")),
                params(false, null), List.of(WEATHER), choice);
    }

    JsonNode sent() {
        return fake.received().getLast().json();
    }

    // --- OpenAI-compatible providers: everything passes through ---

    @Test
    void openAiReceivesToolsToolChoiceToolTurnsAndEveryExtraSettingAsSent() throws Exception {
        GenerationParams all = new GenerationParams(64, 0.5, 0.9, 7L, List.of("END"), 40, 0.05, 1.1, -0.5, 0.5,
                Map.of(50256, -100.0), true, 2, ResponseFormat.TEXT);
        ChatRequest base = toolConversation(new ToolChoice(ToolChoice.Mode.FUNCTION, "get_weather"));
        var request = new ChatRequest(base.messages(), all, base.tools(), base.toolChoice());
        JsonNode format = JSON.readTree("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"w\",\"schema\":"
                + SCHEMA + ",\"strict\":true}}");

        drain(client(fake, ProviderKind.OPENAI).chat("gpt-test", request, new ProviderOptions(format, false),
                Delivery.BUFFERED));

        JsonNode body = sent();
        assertThat(body.at("/messages/2")).isEqualTo(JSON.readTree("{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]}"));
        assertThat(body.at("/messages/3")).isEqualTo(JSON.readTree(
                "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny\"}"));
        assertThat(body.at("/tools/0")).isEqualTo(JSON.readTree("{\"type\":\"function\",\"function\":{\"name\":"
                + "\"get_weather\",\"description\":\"Weather now\",\"parameters\":" + SCHEMA + "}}"));
        assertThat(body.get("tool_choice")).isEqualTo(JSON.readTree(
                "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"));
        assertThat(body.get("parallel_tool_calls").asBoolean()).isFalse();
        assertThat(body.get("response_format")).isEqualTo(format);
        assertThat(body.get("logprobs").asBoolean()).isTrue();
        assertThat(body.get("top_logprobs").asInt()).isEqualTo(2);
        assertThat(body.get("logit_bias")).isEqualTo(JSON.readTree("{\"50256\":-100.0}"));
        assertThat(body.get("seed").asLong()).isEqualTo(7);
        assertThat(body.get("frequency_penalty").asDouble()).isEqualTo(-0.5);
        assertThat(body.get("presence_penalty").asDouble()).isEqualTo(0.5);
        assertThat(body.get("top_k").asInt()).isEqualTo(40);
        assertThat(body.get("min_p").asDouble()).isEqualTo(0.05);
        assertThat(body.get("repeat_penalty").asDouble()).isEqualTo(1.1);
    }

    @Test
    void openAiGetsNoToolFieldsWhenTheRequestHasNoTools() {
        drain(client(fake, ProviderKind.OPENAI).chat("gpt-test", ProviderClientTest.hello(),
                new ProviderOptions(null, true), Delivery.BUFFERED));
        assertThat(sent().has("tools")).isFalse();
        assertThat(sent().has("tool_choice")).isFalse();
        assertThat(sent().has("parallel_tool_calls")).as("OpenAI refuses it without tools").isFalse();
        assertThat(sent().has("logprobs")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void openAiToolCallsComeBackWholeWithFinishReasonToolCalls(Delivery delivery) {
        fake.reply(List.of(), 9, "stop").callingTool("call_7", "get_weather", "{\"city\":\"Bergen\"}");

        var events = drain(client(fake, ProviderKind.OPENAI).chat("gpt-test", toolConversation(ToolChoice.AUTO),
                delivery));

        assertThat(events).containsExactly(new TokenEvent.End(FinishReason.TOOL_CALLS, new Usage(9, 0),
                List.of(new ToolCall("call_7", "get_weather", "{\"city\":\"Bergen\"}"))));
    }

    @Test
    void openAiStreamCarriesEachChunksLogprobsOnItsTextEvent() {
        fake.reply(List.of("Hi", " there"), 5, "stop");
        var request = new ChatRequest(ProviderClientTest.hello().messages(), params(true, 2));

        var events = drain(client(fake, ProviderKind.OPENAI).chat("gpt-test", request, Delivery.STREAMING));

        assertThat(events).hasSize(3);
        assertLogprobs((TokenEvent.Text) events.get(0), "Hi", 0, 2);
        assertLogprobs((TokenEvent.Text) events.get(1), " there", 1, 2);
        assertThat(sent().get("logprobs").asBoolean()).isTrue();
    }

    @Test
    void openAiBufferedAnswerCarriesAllLogprobsOnItsOneTextEvent() {
        fake.reply(List.of("Hi", " there"), 5, "stop");
        var request = new ChatRequest(ProviderClientTest.hello().messages(), params(true, 0));

        var events = drain(client(fake, ProviderKind.OPENAI).chat("gpt-test", request, Delivery.BUFFERED));

        var text = (TokenEvent.Text) events.getFirst();
        assertThat(text.text()).isEqualTo("Hi there");
        assertThat(text.logprobs()).extracting(TokenLogprob::token).containsExactly("Hi", " there");
        assertThat(text.logprobs()).extracting(TokenLogprob::logprob)
                .containsExactly(FakeProvider.logprob(0), FakeProvider.logprob(1));
    }

    static void assertLogprobs(TokenEvent.Text text, String token, int index, int alternatives) {
        assertThat(text.text()).isEqualTo(token);
        assertThat(text.logprobs()).hasSize(1);
        TokenLogprob logprob = text.logprobs().getFirst();
        assertThat(logprob.token()).isEqualTo(token);
        assertThat(logprob.bytes()).isEqualTo(token.getBytes(StandardCharsets.UTF_8));
        assertThat(logprob.logprob()).isEqualTo(FakeProvider.logprob(index));
        assertThat(logprob.topLogprobs()).extracting(TokenLogprob.Alternative::token)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, alternatives).mapToObj(a -> "alt" + a)
                        .toList());
        assertThat(logprob.topLogprobs().getFirst().bytes()).as("bytes null: the token's UTF-8")
                .isEqualTo("alt0".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void openAiRefusesASchemaThatReachedItOnlyAsACompiledGrammar() {
        var compiled = new GenerationParams(64, null, null, null, List.of(), null, null, null, null, null, Map.of(),
                false, null, new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "root ::= \"{}\""));
        var request = new ChatRequest(ProviderClientTest.hello().messages(), compiled);

        var refusal = catchThrowableOfType(UnsupportedOptionException.class,
                () -> client(fake, ProviderKind.OPENAI).chat("gpt-test", request, Delivery.BUFFERED));

        assertThat(refusal.param()).isEqualTo("response_format");
        assertThat(fake.requestCount()).as("nothing was sent").isZero();
    }

    // --- Anthropic: tools map to tool_use / tool_result; the rest is refused by name ---

    @Test
    void anthropicReceivesToolsAsToolUseAndToolResultBlocks() throws Exception {
        var options = new ProviderOptions(null, false);
        drain(client(fake, ProviderKind.ANTHROPIC).chat("claude-test",
                toolConversation(new ToolChoice(ToolChoice.Mode.REQUIRED, null)), options, Delivery.BUFFERED));

        JsonNode body = sent();
        assertThat(body.get("system").asText()).isEqualTo("Be brief.");
        assertThat(body.get("messages")).isEqualTo(JSON.readTree("""
                [{"role":"user","content":"Weather in Oslo?"},
                 {"role":"assistant","content":[{"type":"tool_use","id":"call_1","name":"get_weather",
                                                 "input":{"city":"Oslo"}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"sunny"},
                                           {"type":"text","text":"And tomorrow?"}]}]"""));
        assertThat(body.get("tools")).isEqualTo(JSON.readTree("[{\"name\":\"get_weather\",\"description\":"
                + "\"Weather now\",\"input_schema\":" + SCHEMA + "}]"));
        assertThat(body.get("tool_choice")).isEqualTo(JSON.readTree(
                "{\"type\":\"any\",\"disable_parallel_tool_use\":true}"));
    }

    @Test
    void anthropicGivesAToolWithoutParametersAnEmptyObjectSchemaAndNamesAForcedFunction() throws Exception {
        var request = new ChatRequest(ProviderClientTest.hello().messages(), params(false, null),
                List.of(new ToolDefinition("now", null, null)), new ToolChoice(ToolChoice.Mode.FUNCTION, "now"));
        drain(client(fake, ProviderKind.ANTHROPIC).chat("claude-test", request, Delivery.BUFFERED));

        assertThat(sent().get("tools")).isEqualTo(JSON.readTree(
                "[{\"name\":\"now\",\"input_schema\":{\"type\":\"object\",\"properties\":{}}}]"));
        assertThat(sent().get("tool_choice")).isEqualTo(JSON.readTree("{\"type\":\"tool\",\"name\":\"now\"}"));
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void anthropicToolUseComesBackAsToolCallsAfterTheText(Delivery delivery) {
        fake.reply(List.of("Checking"), 9, "stop").callingTool("toolu_1", "get_weather", "{\"city\":\"Bergen\"}");

        var events = drain(client(fake, ProviderKind.ANTHROPIC).chat("claude-test", toolConversation(ToolChoice.AUTO),
                delivery));

        assertThat(events).containsExactly(new TokenEvent.Text("Checking"), new TokenEvent.End(FinishReason.TOOL_CALLS,
                new Usage(9, 1), List.of(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Bergen\"}"))));
    }

    @Test
    void anthropicRefusesEverythingItCannotHonourByNameBeforeSendingAnything() throws Exception {
        GenerationParams all = new GenerationParams(64, null, null, 7L, List.of(), 40, 0.05, 1.1, -0.5, 0.5,
                Map.of(1, 1.0), true, 2, ResponseFormat.TEXT);
        var request = new ChatRequest(ProviderClientTest.hello().messages(), all);
        var options = new ProviderOptions(JSON.readTree("{\"type\":\"json_object\"}"), null);

        var refusal = catchThrowableOfType(UnsupportedOptionException.class,
                () -> client(fake, ProviderKind.ANTHROPIC).chat("claude-test", request, options, Delivery.STREAMING));

        assertThat(refusal.params()).containsExactly("logprobs", "top_logprobs", "logit_bias", "response_format",
                "seed", "frequency_penalty", "presence_penalty", "min_p", "repeat_penalty");
        assertThat(refusal.param()).isEqualTo("logprobs");
        assertThat(refusal).hasMessageStartingWith("logprobs, top_logprobs, logit_bias")
                .hasMessageEndingWith(": not supported by provider anthropic");
        assertThat(fake.requestCount()).isZero();
    }

    @Test
    void anthropicRefusesToolCallArgumentsThatAreNotAJsonObjectNamingTheMessage() {
        var request = new ChatRequest(List.of(new ChatMessage(ChatMessage.Role.USER, "hi"),
                new ChatMessage(ChatMessage.Role.ASSISTANT, "", List.of(new ToolCall("c", "f", "[1,")), null),
                new ChatMessage(ChatMessage.Role.TOOL, "ok", List.of(), "c")), params(false, null));

        var refusal = catchThrowableOfType(UnsupportedOptionException.class,
                () -> client(fake, ProviderKind.ANTHROPIC).chat("claude-test", request, Delivery.BUFFERED));

        assertThat(refusal.param()).isEqualTo("messages[1].tool_calls[0].function.arguments");
    }

    @Test
    void anthropicPassesTopKThrough() {
        var topK = new GenerationParams(64, null, null, null, List.of(), 5, null, null, null, null, Map.of(), false,
                null, ResponseFormat.TEXT);
        drain(client(fake, ProviderKind.ANTHROPIC).chat("claude-test",
                new ChatRequest(ProviderClientTest.hello().messages(), topK), Delivery.BUFFERED));
        assertThat(sent().get("top_k").asInt()).isEqualTo(5);
    }

    // --- a refusal is a fallback, not a failure of the provider ---

    @Test
    void aRefusingProviderFallsBackToOneThatHonoursTheField() {
        try (FakeProvider other = FakeProvider.start()) {
            Map<String, ProviderClient> providers = Map.of("anthropic", client(fake, ProviderKind.ANTHROPIC),
                    "openai", client(other, ProviderKind.OPENAI));
            var request = new ChatRequest(ProviderClientTest.hello().messages(), params(true, null));
            var chain = new FallbackChain<String>(t -> providers.get(t).chat("m", request, Delivery.BUFFERED));

            var answer = chain.run(List.of("anthropic", "openai"));

            assertThat(answer.target()).isEqualTo("openai");
            assertThat(answer.failures()).singleElement().satisfies(f ->
                    assertThat(f.error()).isInstanceOf(UnsupportedOptionException.class)
                            .hasMessage("logprobs: not supported by provider anthropic"));
            assertThat(drain(answer.tokens()).getFirst()).isInstanceOf(TokenEvent.Text.class);
            assertThat(fake.requestCount()).isZero();
        }
    }
}
