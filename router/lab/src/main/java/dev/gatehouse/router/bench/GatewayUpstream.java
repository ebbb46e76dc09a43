package dev.gatehouse.router.bench;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import java.nio.charset.StandardCharsets;
import java.net.URI;

/**
 * The provider both benchmark paths call: an OpenAI-compatible server that answers every chat completion at once
 * with the same small answer, so what is measured is transport and gateway work, not generation.
 */
final class GatewayUpstream implements AutoCloseable {

    static final String ANSWER = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":0,"
            + "\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Hello from the upstream.\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":6,\"total_tokens\":30}}";

    private final WebServer server;

    private GatewayUpstream(WebServer server) {
        this.server = server;
    }

    static GatewayUpstream start() {
        byte[] answer = ANSWER.getBytes(StandardCharsets.UTF_8);
        WebServer server = WebServer.builder().host("127.0.0.1").port(0)
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .routing(r -> r.post("/v1/chat/completions", (req, res) -> {
                    req.content().consume();
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send(answer);
                }))
                .build().start();
        return new GatewayUpstream(server);
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port() + "/v1");
    }

    @Override
    public void close() {
        server.stop();
    }
}
