package dev.gatehouse.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatMessage.Role;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.FinishReason;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.LocalGeneration;
import dev.gatehouse.inference.ResponseFormat;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenLogprob;
import dev.gatehouse.inference.ToolCall;
import dev.gatehouse.inference.ToolChoice;
import dev.gatehouse.inference.ToolDefinition;
import dev.gatehouse.inference.UnsupportedOptionException;
import dev.gatehouse.inference.grammar.ResponseFormatGrammar;
import dev.gatehouse.manifest.BuiltinModelFiles;
import dev.gatehouse.natives.ChatEngines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the new engine adds, through a real worker process running stories260K: JSON constrained by a grammar, tool
 * calls in and out of the model's own chat template, logprobs — and clear refusals where a model cannot do it.
 */
class LocalEngineFeaturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ToolDefinition WEATHER = new ToolDefinition("get_weather", "The weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"maxLength\":12}},\"required\":[\"city\"]}");

    @TempDir
    static Path dir;
    static WorkerChatModel plain;
    static WorkerChatModel withTools;

    @BeforeAll
    static void launch() throws IOException {
        Path stories = BuiltinModelFiles.extracted("stories260k");
        WorkerOptions options = WorkerOptions.sameJvm(dir.resolve("run"));
        var libraries = ChatEngines.LlamaCppLibraries.installed();
        plain = WorkerChatModel.launch("stories", options, WorkerLoad.of(stories, 1024, 2, 1, 0, null, libraries));
        withTools = WorkerChatModel.launch("stories-tools", options,
                WorkerLoad.of(stories, 1024, 2, 1, 0, hermesTemplate(), libraries));
    }

    @AfterAll
    static void unload() {
        if (plain != null) plain.close();
        if (withTools != null) withTools.close();
    }

    @Test
    void aJsonSchemaMakesEvenTheStoriesModelAnswerWithValidJson() throws Exception {
        JsonNode schema = JSON.readTree("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\","
                + "\"maxLength\":16},\"age\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":120}},"
                + "\"required\":[\"name\",\"age\"],\"additionalProperties\":false}");
        var format = new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, ResponseFormatGrammar.fromSchema(schema));
        for (long seed = 1; seed <= 3; seed++) {
            Answer answer = read(plain.generate(request(List.of(user("Once upon a time")), params(200, seed, format))));
            JsonNode value = JSON.readTree(answer.text());
            assertThat(value.get("name").isTextual()).isTrue();
            assertThat(value.get("age").asInt()).isBetween(0, 120);
            assertThat(answer.end().finishReason()).isEqualTo(FinishReason.STOP);
        }
    }

    @Test
    void jsonObjectModeGivesAnObjectThatParses() throws Exception {
        var format = new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, ResponseFormatGrammar.jsonObject());
        Answer answer = read(plain.generate(request(List.of(user("Tell me about a cat")), params(300, 3L, format))));
        if (answer.end().finishReason() == FinishReason.STOP) {
            assertThat(JSON.readTree(answer.text()).isObject()).isTrue();
        } else {
            // cut by max_tokens: still a prefix of a JSON object, never free text
            assertThat(answer.text()).startsWith("{");
        }
    }

    @Test
    void aForcedToolCallComesBackAsAnOpenAiToolCallAndItsResultGoesBackIn() throws Exception {
        var first = new ChatRequest(List.of(user("What is the weather in Oslo?")), params(120, 5L, ResponseFormat.TEXT),
                List.of(WEATHER), new ToolChoice(ToolChoice.Mode.FUNCTION, "get_weather"));
        Answer call = read(withTools.generate(first));
        assertThat(call.end().finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(call.end().toolCalls()).hasSize(1);
        ToolCall toolCall = call.end().toolCalls().getFirst();
        assertThat(toolCall.name()).isEqualTo("get_weather");
        assertThat(toolCall.id()).startsWith("call_");
        assertThat(JSON.readTree(toolCall.arguments()).get("city").isTextual()).isTrue();
        assertThat(call.text()).doesNotContain("<tool_call>");

        List<ChatMessage> conversation = new ArrayList<>(first.messages());
        conversation.add(new ChatMessage(Role.ASSISTANT, "", List.of(toolCall), null));
        conversation.add(new ChatMessage(Role.TOOL, "{\"temperature\": 21}", List.of(), toolCall.id()));
        var second = new ChatRequest(conversation, params(20, 5L, ResponseFormat.TEXT), List.of(WEATHER),
                ToolChoice.AUTO);
        try (LocalGeneration answer = withTools.generate(second)) {
            // the tool result is in the prompt: it is longer than the first request's
            assertThat(answer.promptTokens()).isGreaterThan(call.end().usage().promptTokens());
            Answer text = read(answer);
            assertThat(text.end().usage().completionTokens()).isPositive();
        }
    }

    @Test
    void aModelWhoseTemplateCannotExpressToolsRefusesToolsByName() {
        var request = new ChatRequest(List.of(user("Weather?")), params(10, 1L, ResponseFormat.TEXT),
                List.of(WEATHER), ToolChoice.AUTO);
        assertThatThrownBy(() -> plain.generate(request)).isInstanceOfSatisfying(UnsupportedOptionException.class,
                e -> assertThat(e.param()).isEqualTo("tools"));
        assertThat(plain.runtime().toolCapable()).isFalse();
        assertThat(withTools.runtime().toolCapable()).isTrue();
    }

    @Test
    void logprobsTravelWithEachPieceFromTheWorker() {
        var p = new GenerationParams(12, 0.0, null, null, List.of(), null, null, null, null, null, Map.of(), true, 3,
                ResponseFormat.TEXT);
        Answer answer = read(plain.generate(request(List.of(user("Once upon a time")), p)));
        assertThat(answer.logprobs()).hasSize(answer.end().usage().completionTokens());
        StringBuilder joined = new StringBuilder();
        for (TokenLogprob l : answer.logprobs()) {
            assertThat(l.topLogprobs()).hasSize(3);
            assertThat(l.logprob()).isLessThanOrEqualTo(0.0);
            joined.append(new String(l.bytes(), StandardCharsets.UTF_8));
        }
        assertThat(joined.toString()).isEqualTo(answer.text());
    }

    @Test
    void maxTokensBeyondTheContextIsAnOverflowWithTheRealCounts() {
        assertThatThrownBy(() -> plain.generate(request(List.of(user("Once upon a time")),
                params(5000, 1L, ResponseFormat.TEXT))))
                .isInstanceOfSatisfying(dev.gatehouse.inference.InferenceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(dev.gatehouse.inference.InferenceException.Kind.CONTEXT_OVERFLOW);
                    assertThat(e.contextLength()).isEqualTo(1024);
                    assertThat(e.promptTokens()).isPositive();
                });
    }

    private record Answer(String text, List<TokenLogprob> logprobs, TokenEvent.End end) {}

    private static Answer read(LocalGeneration generation) {
        StringBuilder text = new StringBuilder();
        List<TokenLogprob> logprobs = new ArrayList<>();
        try (generation) {
            while (true) {
                TokenEvent event = generation.next();
                if (event instanceof TokenEvent.Text t) {
                    text.append(t.text());
                    logprobs.addAll(t.logprobs());
                } else {
                    return new Answer(text.toString(), logprobs, (TokenEvent.End) event);
                }
            }
        }
    }

    private static ChatMessage user(String text) {
        return new ChatMessage(Role.USER, text);
    }

    private static ChatRequest request(List<ChatMessage> messages, GenerationParams params) {
        return new ChatRequest(messages, params);
    }

    private static GenerationParams params(int maxTokens, Long seed, ResponseFormat format) {
        return new GenerationParams(maxTokens, 0.8, null, seed, List.of(), null, null, null, null, null, Map.of(),
                false, null, format);
    }

    private static String hermesTemplate() throws IOException {
        try (InputStream in = LocalEngineFeaturesTest.class.getResourceAsStream("hermes-style.jinja")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
