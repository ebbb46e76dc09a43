package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tool targets on a real server on a random port: the calculator, the date calculator and an operator's HTTP tool
 * (a real local HTTP server) answer what they understand exactly, with the tool in {@code x-gatehouse-model};
 * near-misses, ambiguous and over-classified requests go to a (scripted) model.
 */
class ToolTargetsEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();

    final ScriptedChatModel tiny = ScriptedChatModel.saying(4096, "model", " answer");
    final ScriptedChatModel other = ScriptedChatModel.saying(4096, "other");
    final List<String> stockCalls = new CopyOnWriteArrayList<>();
    final AtomicInteger stockStatus = new AtomicInteger(200);
    HttpServer stock;
    RunningGatehouse gatehouse;

    @BeforeEach
    void startStockService() throws IOException {
        stock = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stock.createContext("/stock", exchange -> {
            stockCalls.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"answer\": \"12 units of ab-12 are in stock\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(stockStatus.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stock.start();
        gatehouse = EscalatingGatehouse.start("""
                targets:
                  - {id: tiny, quality: {default: 0.6}}
                  - {id: other, quality: {default: 0.1}}
                tools:
                  calculator: true
                  datetime: true
                  http:
                    - name: stock
                      url: 'http://127.0.0.1:%d/stock'
                      match: 'how many units of (?<sku>[a-z0-9-]+) are in stock'
                      input: {sku: string}
                      dataClass: internal
                      timeoutMs: 2000
                """.formatted(stock.getAddress().getPort()), tiny, other);
    }

    @AfterEach
    void stop() {
        gatehouse.close();
        stock.stop(0);
    }

    @Test
    void theCalculatorAnswersAPercentageQuestionExactlyWithItsNameInTheHeader() throws Exception {
        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", chat("auto", "what is 17.5% of 2,340?"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("tool/calculator");
        assertThat(r.headers().firstValue("x-gatehouse-reasons")).contains("tool_exact_match");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("model").asText()).isEqualTo("tool/calculator");
        assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/choices/0/message/content").asText()).endsWith("= 409.5");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/total_tokens").asInt()).isZero();
        assertThat(tiny.requests).isEmpty();
        assertThat(gatehouse.get("/metrics").body()).containsPattern(
                "gatehouse_decisions_total\\{[^}]*target=\"tool/calculator\"[^}]*} 1.0");
    }

    @Test
    void theDateCalculatorStreamsTheDaysBetweenTwoDatesAsChunks() throws Exception {
        HttpResponse<String> r = gatehouse.post("/v1/chat/completions",
                EscalatingGatehouse.chatStreaming("auto", "How many days from 3 March to 11 July 2027?"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("tool/datetime");
        assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        assertThat(r.body()).contains("chat.completion.chunk").contains("From 3 March 2027 to 11 July 2027 is 130 days.")
                .contains("\"finish_reason\":\"stop\"").contains("[DONE]");
        assertThat(tiny.requests).isEmpty();
    }

    @Test
    void aQuestionTheCalculatorOnlyHalfUnderstandsGoesToAModel() throws Exception {
        HttpResponse<String> percentOfSomething = gatehouse.post("/v1/chat/completions",
                chat("auto", "what is 17% of the population of France?"));
        HttpResponse<String> dateWithoutYear = gatehouse.post("/v1/chat/completions",
                chat("auto", "how many days from 3 March to 11 July?"));

        assertThat(percentOfSomething.headers().firstValue("x-gatehouse-model")).contains("tiny");
        assertThat(dateWithoutYear.headers().firstValue("x-gatehouse-model")).contains("tiny");
        assertThat(JSON.readTree(percentOfSomething.body()).at("/choices/0/message/content").asText())
                .isEqualTo("model answer");
        assertThat(percentOfSomething.headers().firstValue("x-gatehouse-reasons").orElseThrow())
                .doesNotContain("tool_exact_match");
    }

    @Test
    void aFollowUpInAConversationIsAModelsEvenWhenItReadsLikeArithmetic() throws Exception {
        String conversation = """
                {"model":"auto","messages":[{"role":"user","content":"I have 3 boxes"},
                {"role":"assistant","content":"ok"},{"role":"user","content":"what is 3 + 4?"}]}""";

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", conversation);

        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("tiny");
    }

    @Test
    void anHttpToolReceivesOnlyTheParsedInputsAndItsAnswerIsTheReply() throws Exception {
        HttpResponse<String> r = gatehouse.post("/v1/chat/completions",
                chat("auto", "How many units of AB-12 are in stock?"));

        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("tool/stock");
        assertThat(JSON.readTree(r.body()).at("/choices/0/message/content").asText())
                .isEqualTo("12 units of ab-12 are in stock");
        assertThat(stockCalls).containsExactly("{\"sku\":\"ab-12\"}");
    }

    @Test
    void anHttpToolIsRefusedDataAboveItsClassAndAModelAnswersInstead() throws Exception {
        HttpResponse<String> r = gatehouse.post("/v1/chat/completions",
                chat("auto", "How many units of AB-12 are in stock?"), "x-gatehouse-data-class", "confidential");
        JsonNode route = JSON.readTree(gatehouse.post("/v1/route",
                chat("auto", "How many units of AB-12 are in stock?"), "x-gatehouse-data-class", "confidential")
                .body());

        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("tiny");
        assertThat(stockCalls).isEmpty();
        assertThat(route.get("target").asText()).isEqualTo("tiny");
        assertThat(route.get("rejected")).anySatisfy(rejection -> {
            assertThat(rejection.get("target").asText()).isEqualTo("tool/stock");
            assertThat(rejection.get("reason").asText()).isEqualTo("data_class_not_allowed");
            assertThat(rejection.get("detail").asText()).contains("internal", "confidential");
        });
    }

    @Test
    void anHttpToolThatFailsHandsTheRequestToTheModelBehindIt() throws Exception {
        stockStatus.set(500);

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions",
                chat("auto", "How many units of AB-12 are in stock?"));

        assertThat(stockCalls).hasSize(1);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("tiny");
        assertThat(JSON.readTree(r.body()).at("/choices/0/message/content").asText()).isEqualTo("model answer");
    }

    @Test
    void routeShowsTheToolDecisionWithItsReasonAndTheModelsAsFallbacks() throws Exception {
        JsonNode d = JSON.readTree(gatehouse.post("/v1/route", chat("auto", "what is 17.5% of 2,340?")).body());

        assertThat(d.get("target").asText()).isEqualTo("tool/calculator");
        assertThat(d.get("reasons").get(0).get("code").asText()).isEqualTo("tool_exact_match");
        assertThat(d.get("reasons").get(0).get("detail").asText()).contains("arithmetic").doesNotContain("2,340");
        assertThat(d.get("fallbacks")).extracting(JsonNode::asText).contains("tiny");
    }

    @Test
    void aRequestPinningTheCalculatorGetsItOrAClearErrorNamingTheRule() throws Exception {
        HttpResponse<String> answered = gatehouse.post("/v1/chat/completions", chat("tool/calculator", "2 + 2 * 3"));
        HttpResponse<String> notUnderstood = gatehouse.post("/v1/chat/completions",
                chat("tool/calculator", "write a poem about 17 cats"));
        HttpResponse<String> undeclared = gatehouse.post("/v1/chat/completions", chat("tool/weather", "2 + 2"));

        assertThat(answered.headers().firstValue("x-gatehouse-model")).contains("tool/calculator");
        assertThat(JSON.readTree(answered.body()).at("/choices/0/message/content").asText()).endsWith("= 8");
        assertThat(notUnderstood.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(notUnderstood.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("tool_no_match");
        assertThat(error.get("message").asText()).contains("tool/calculator", "does not understand")
                .doesNotContain("poem");
        assertThat(undeclared.statusCode()).isBetween(400, 499);
        assertThat(JSON.readTree(undeclared.body()).at("/error/message").asText()).contains("tool/weather",
                "not a tool of the policy");
        assertThat(tiny.requests).isEmpty();
    }

    static String chat(String model, String content) {
        return EscalatingGatehouse.chat(model, content);
    }
}
