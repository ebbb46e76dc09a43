package dev.gatehouse.router.http;

import static dev.gatehouse.router.http.EscalatingGatehouse.provider;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.escalation.FakeProvider;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The new request fields through the whole server to real fake providers: an OpenAI-compatible provider gets them
 * as sent and its tool calls and logprobs come back; Anthropic refuses what it cannot honour with a 400 naming the
 * field, and nothing leaves.
 */
class ProviderOptionsEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}";

    final FakeProvider openAi = FakeProvider.start();
    final FakeProvider anthropic = FakeProvider.start();
    RunningGatehouse gatehouse;

    @BeforeEach
    void start() {
        String policy = """
                targets:
                  - {id: tiny, quality: {default: 0.9}}
                  - {id: other, quality: {default: 0.9}}
                providers:
                %s%s""".formatted(provider("cloud", "openai", openAi.baseUrl(), "big", "public, internal", "0.001", "0.002"),
                provider("claude", "anthropic", anthropic.baseUrl(), "sonnet", "public, internal", "0.001", "0.002"));
        gatehouse = EscalatingGatehouse.start(policy, ScriptedChatModel.saying(4096, "local"),
                ScriptedChatModel.saying(4096, "other"));
    }

    @AfterEach
    void stop() {
        gatehouse.close();
        openAi.close();
        anthropic.close();
    }

    static String request(String model, String extra) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"what is the weather like today\"}]"
                + extra + "}";
    }

    @Test
    void anOpenAiProvidersToolCallComesBackInOpenAisShape() throws Exception {
        openAi.reply(List.of(), 7, "stop").callingTool("call_9", "get_weather", "{\"city\":\"Oslo\"}");

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", request("cloud/big",
                ",\"tools\":[" + TOOL + "],\"tool_choice\":\"required\",\"response_format\":{\"type\":\"json_object\"}"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode choice = JSON.readTree(r.body()).at("/choices/0");
        assertThat(choice.at("/message/content").isNull()).isTrue();
        assertThat(choice.at("/message/tool_calls/0/id").asText()).isEqualTo("call_9");
        assertThat(choice.at("/message/tool_calls/0/function/arguments").asText()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode sent = openAi.received().getFirst().json();
        assertThat(sent.get("tool_choice").asText()).isEqualTo("required");
        assertThat(sent.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(sent.at("/response_format/type").asText()).isEqualTo("json_object");
    }

    @Test
    void toolTurnsOfTheConversationReachAnOpenAiProviderUnchanged() throws Exception {
        openAi.reply(List.of("Sunny in Oslo"), 7, "stop");
        String assistant = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":"
                + "\"{\\\"city\\\":\\\"here\\\"}\"}}]}";
        String tool = "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny\"}";

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", "{\"model\":\"cloud/big\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"what is the weather like today\"}," + assistant + "," + tool + "],\"tools\":["
                + TOOL + "]}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode sent = openAi.received().getFirst().json();
        assertThat(sent.at("/messages/1")).isEqualTo(JSON.readTree(assistant));
        assertThat(sent.at("/messages/2")).isEqualTo(JSON.readTree(tool));
    }

    @Test
    void anOpenAiProvidersStreamedLogprobsReachTheClientChunkByChunk() throws Exception {
        openAi.reply(List.of("Sun", "ny"), 7, "stop");

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", request("cloud/big",
                ",\"stream\":true,\"logprobs\":true,\"top_logprobs\":1"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> events = ChatStreamingTest.events(r.body());
        JsonNode first = JSON.readTree(events.get(1));
        assertThat(first.at("/choices/0/delta/content").asText()).isEqualTo("Sun");
        assertThat(first.at("/choices/0/logprobs/content/0/token").asText()).isEqualTo("Sun");
        assertThat(first.at("/choices/0/logprobs/content/0/logprob").asDouble()).isEqualTo(FakeProvider.logprob(0));
        assertThat(first.at("/choices/0/logprobs/content/0/top_logprobs/0/token").asText()).isEqualTo("alt0");
        JsonNode second = JSON.readTree(events.get(2));
        assertThat(second.at("/choices/0/logprobs/content/0/logprob").asDouble()).isEqualTo(FakeProvider.logprob(1));
    }

    @Test
    void anthropicRefusesLogprobsWithAnOpenAiErrorNamingTheFieldAndTheProvider() throws Exception {
        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", request("claude/sonnet",
                ",\"logprobs\":true"), "x-gatehouse-fallbacks", "off");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error.get("message").asText()).isEqualTo("logprobs: not supported by provider claude");
        assertThat(error.get("param").asText()).isEqualTo("logprobs");
        assertThat(error.get("code").asText()).isEqualTo("unsupported_parameter");
        assertThat(anthropic.requestCount()).isZero();
    }

    @Test
    void withFallbacksOnAnAnthropicRefusalFallsBackToATargetThatHonoursTheField() throws Exception {
        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", request("claude/sonnet",
                ",\"logprobs\":true"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-fallback-from")).hasValue("claude/sonnet");
        assertThat(r.headers().firstValue("x-gatehouse-model")).isNotEqualTo(java.util.Optional.of("claude/sonnet"));
        assertThat(JSON.readTree(r.body()).at("/choices/0/logprobs/content")).isNotEmpty();
        assertThat(anthropic.requestCount()).isZero();
    }

    @Test
    void aMaskedEscalationRefusesToolsAndLogprobsItCouldNotCarryUnmasked() throws Exception {
        gatehouse.close();
        String masking = """
                targets:
                  - {id: tiny, quality: {default: 0.1}}
                  - {id: other, quality: {default: 0.1}}
                floors: {default: 0.5}
                escalation: {maskConfidential: true}
                providers:
                %s""".formatted(provider("cloud", "openai", openAi.baseUrl(), "big", "public, internal, confidential",
                "0.001", "0.002"));
        gatehouse = EscalatingGatehouse.start(masking, ScriptedChatModel.saying(4096, "local"),
                ScriptedChatModel.saying(4096, "other"));
        String confidential = "{\"model\":\"cloud/big\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"please write to jane.doe@example.com and call +1 415 555 0100 about the invoice\"}],\"logprobs\":true,\"tools\":["
                + TOOL + "]}";

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", confidential, "x-gatehouse-fallbacks", "off");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error.get("param").asText()).isEqualTo("tools");
        assertThat(error.get("message").asText())
                .isEqualTo("tools, logprobs: not supported by provider cloud while confidential data is masked");
        assertThat(openAi.requestCount()).isZero();
    }

    @Test
    void anthropicAnswersAToolRequestWithToolUseMappedToToolCalls() throws Exception {
        anthropic.reply(List.of(), 7, "stop").callingTool("toolu_1", "get_weather", "{\"city\":\"Oslo\"}");

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", request("claude/sonnet",
                ",\"stream\":true,\"tools\":[" + TOOL + "]"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> events = ChatStreamingTest.events(r.body());
        JsonNode calls = JSON.readTree(events.get(1)).at("/choices/0/delta/tool_calls");
        assertThat(calls.get(0).get("id").asText()).isEqualTo("toolu_1");
        assertThat(calls.get(0).at("/function/arguments").asText()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(JSON.readTree(events.get(2)).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(anthropic.received().getFirst().json().at("/tools/0/name").asText()).isEqualTo("get_weather");
    }
}
