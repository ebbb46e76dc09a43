package dev.gatehouse.router.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A cloud provider for {@code eval leak}: a real HTTP server on a random loopback port speaking OpenAI chat
 * completions (streamed and not), answering "ok" to everything and keeping the text of every message it received, so
 * the replay can look for labelled values in what actually arrived.
 */
final class RecordingProvider implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<String> received = new CopyOnWriteArrayList<>();

    private RecordingProvider(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static RecordingProvider start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            RecordingProvider provider = new RecordingProvider(server, executor);
            server.createContext("/v1/chat/completions", provider::handle);
            server.setExecutor(executor);
            server.start();
            return provider;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the recording provider on loopback", e);
        }
    }

    URI baseUrl() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + "/v1");
    }

    /** How many requests arrived so far. */
    int count() {
        return received.size();
    }

    /** The message text of the requests from index {@code from} on (every message's content, JSON-decoded). */
    List<String> since(int from) {
        return List.copyOf(received.subList(from, received.size()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            received.add(messageText(request));
            String model = request.path("model").asText();
            if (request.path("stream").asBoolean(false)) {
                stream(exchange, model, request.path("stream_options").path("include_usage").asBoolean(false));
            } else {
                ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-recorded").put("object", "chat.completion")
                        .put("model", model);
                ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
                choice.putObject("message").put("role", "assistant").put("content", "ok");
                root.putObject("usage").put("prompt_tokens", 1).put("completion_tokens", 1).put("total_tokens", 2);
                byte[] body = JSON.writeValueAsBytes(root);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        }
    }

    private static void stream(HttpExchange exchange, String model, boolean usage) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String head = "{\"id\":\"chatcmpl-recorded\",\"object\":\"chat.completion.chunk\",\"model\":"
                + JSON.writeValueAsString(model) + ",";
        event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":null}]}");
        event(out, head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        if (usage) {
            event(out, head + "\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}");
        }
        event(out, "[DONE]");
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Every message's content as received, text parts of multi-part content included. */
    private static String messageText(JsonNode body) {
        StringBuilder text = new StringBuilder();
        for (JsonNode m : body.path("messages")) {
            JsonNode content = m.path("content");
            if (content.isArray()) {
                content.forEach(part -> text.append(part.path("text").asText()).append('\n'));
            } else {
                text.append(content.asText()).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
