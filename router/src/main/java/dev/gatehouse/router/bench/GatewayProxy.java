package dev.gatehouse.router.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.inference.provider.Delivery;
import dev.gatehouse.inference.provider.GuardedProvider;
import dev.gatehouse.router.escalation.BudgetLedger;
import dev.gatehouse.router.escalation.EscalationRateCap;
import dev.gatehouse.router.escalation.FallbackChain;
import dev.gatehouse.router.escalation.Reservation;
import dev.gatehouse.router.escalation.TokenPrices;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A bench-only Gatehouse route that does the outbound work of an escalated request: parse the OpenAI body, pass the
 * escalation cap, reserve the budget, call the provider through the fallback chain (circuit breaker, concurrency
 * limit), settle the real cost, answer in OpenAI JSON with {@code x-gatehouse-model}. It stands in for
 * {@code /v1/chat/completions} until the decision routes there; it does not run feature extraction or the decision.
 */
final class GatewayProxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebServer server;

    private GatewayProxy(WebServer server) {
        this.server = server;
    }

    record Outbound(GuardedProvider provider, String model, TokenPrices prices, BudgetLedger budgets,
            EscalationRateCap cap, Clock clock) {}

    static GatewayProxy start(Outbound outbound) {
        WebServer server = WebServer.builder().host("127.0.0.1").port(0)
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .routing(r -> r.post("/v1/chat/completions", (req, res) -> handle(req, res, outbound)))
                .build().start();
        return new GatewayProxy(server);
    }

    private static void handle(ServerRequest req, ServerResponse res, Outbound out) throws IOException {
        JsonNode body = JSON.readTree(req.content().inputStream());
        ChatRequest request = chatRequest(body);
        int maxTokens = request.params().maxTokens() != null ? request.params().maxTokens() : 1024;
        Instant now = out.clock().instant();
        var verdict = out.cap().tryEscalate(now);
        if (!verdict.allowed()) {
            throw new IllegalStateException(verdict.detail());
        }
        int promptChars = request.messages().stream().mapToInt(m -> m.content().length()).sum();
        try (Reservation reservation = out.budgets().reserve("bench", "bench-key",
                out.prices().maxCost(promptChars / 4 + 1, maxTokens), now)) {
            var chain = new FallbackChain<GuardedProvider>(p -> p.chat(out.model(), request, Delivery.BUFFERED));
            var answer = chain.run(List.of(out.provider()));
            StringBuilder text = new StringBuilder();
            TokenEvent.End end;
            try (TokenStream tokens = answer.tokens()) {
                TokenEvent event;
                while ((event = tokens.next()) instanceof TokenEvent.Text piece) {
                    text.append(piece.text());
                }
                end = (TokenEvent.End) event;
            }
            reservation.settle(out.prices().cost(end.usage().promptTokens(), end.usage().completionTokens()));
            ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-gw").put("object", "chat.completion")
                    .put("created", now.getEpochSecond()).put("model", out.provider().id() + "/" + out.model());
            ObjectNode choice = root.putArray("choices").addObject().put("index", 0)
                    .put("finish_reason", end.finishReason().wireName());
            choice.putObject("message").put("role", "assistant").put("content", text.toString());
            root.putObject("usage").put("prompt_tokens", end.usage().promptTokens())
                    .put("completion_tokens", end.usage().completionTokens())
                    .put("total_tokens", end.usage().totalTokens());
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.header("x-gatehouse-model", out.provider().id() + "/" + out.model());
            res.send(JSON.writeValueAsBytes(root));
        }
    }

    private static ChatRequest chatRequest(JsonNode body) {
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            messages.add(new ChatMessage(ChatMessage.Role.valueOf(m.path("role").asText().toUpperCase(Locale.ROOT)),
                    m.path("content").asText()));
        }
        Integer maxTokens = body.hasNonNull("max_tokens") ? body.get("max_tokens").asInt() : null;
        return new ChatRequest(messages, new GenerationParams(maxTokens, null, null, null, List.of()));
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port() + "/v1");
    }

    @Override
    public void close() {
        server.stop();
    }
}
