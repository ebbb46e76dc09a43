package dev.gatehouse.router.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server speaking both provider wire formats on a random loopback port: OpenAI chat completions at
 * {@code /v1/chat/completions} and Anthropic Messages at {@code /v1/messages}, streaming and not. It answers with
 * {@link #reply}'s chunks, records every request (for leak tests) and injects faults: latency, 5xx, 429 with
 * Retry-After, a stream cut after N chunks (a non-streaming answer: cut halfway), an error event before the first chunk; {@link #close()} makes its port
 * refuse connections. Faults queued with {@link #nextResponses} apply to the next requests only, in order.
 */
public final class FakeProvider implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one response does instead of (or on top of) answering normally. */
    public sealed interface Fault {
        record Status(int status, String retryAfter) implements Fault {}
        record CutAfter(int chunks) implements Fault {}
        record ErrorEventFirst(String type) implements Fault {}
        record Delay(Duration delay) implements Fault {}
    }

    /** One request as received: path, the headers that matter, and the raw body. */
    public record Received(String path, Map<String, String> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Set<InetSocketAddress> clientAddresses = ConcurrentHashMap.newKeySet();
    private volatile List<String> chunks = List.of("Hello", ", ", "world", "!");
    private volatile Duration latency = Duration.ZERO;
    private volatile int promptTokens = 11;
    private volatile String finish = "stop";
    /** The tool call the answer ends with, or null. */
    private volatile ToolCallReply toolCall;

    /** A tool call the fake answers with: its arguments are a JSON object's text. */
    public record ToolCallReply(String id, String name, String arguments) {}

    private FakeProvider(HttpServer server) {
        this.server = server;
    }

    public static FakeProvider start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            FakeProvider fake = new FakeProvider(server);
            server.createContext("/v1/chat/completions", e -> fake.handle(e, false));
            server.createContext("/v1/messages", e -> fake.handle(e, true));
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT/v1}: the base URL of both formats. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** A base URL whose port nobody listens on (connection refused). */
    public static URI refusingBaseUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer's text pieces (one stream event each) and, for usage, the prompt token count. */
    public FakeProvider reply(List<String> pieces, int promptTokens, String finishReason) {
        this.chunks = List.copyOf(pieces);
        this.promptTokens = promptTokens;
        this.finish = finishReason;
        return this;
    }

    /**
     * After its text pieces, the answer calls this tool (finish reason tool_calls / tool_use); streamed, the
     * arguments arrive in two pieces, as real providers split them.
     */
    public FakeProvider callingTool(String id, String name, String arguments) {
        this.toolCall = new ToolCallReply(id, name, arguments);
        return this;
    }

    /**
     * The logprob the fake reports (OpenAI only, when the request asks for logprobs) for its piece at this index:
     * -(index+1)/4, and top_logprobs alternatives "alt0", "alt1", … each a quarter lower.
     */
    public static double logprob(int index) {
        return -(index + 1) / 4.0;
    }

    /** Added before every response's headers. */
    public FakeProvider latency(Duration delay) {
        this.latency = delay;
        return this;
    }

    /** Faults for the next requests, one per request, in order; then normal answers again. */
    public synchronized FakeProvider nextResponses(Fault... next) {
        faults.addAll(List.of(next));
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public int requestCount() {
        return received.size();
    }

    /** Connections the requests came on so far, told apart by the client's address and port. */
    public int connectionsOpened() {
        return clientAddresses.size();
    }

    private synchronized Fault nextFault() {
        return faults.poll();
    }

    private void handle(HttpExchange exchange, boolean anthropic) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var h = exchange.getRequestHeaders();
            Map<String, String> headers = new java.util.TreeMap<>();
            for (String name : List.of("Authorization", "x-api-key", "anthropic-version", "Accept")) {
                if (h.getFirst(name) != null) headers.put(name.toLowerCase(java.util.Locale.ROOT), h.getFirst(name));
            }
            received.add(new Received(exchange.getRequestURI().getPath(), headers, body));
            clientAddresses.add(exchange.getRemoteAddress());
            Fault fault = nextFault();
            sleep(fault instanceof Fault.Delay d ? d.delay() : latency);
            if (fault instanceof Fault.Status s) {
                if (s.retryAfter() != null) exchange.getResponseHeaders().add("Retry-After", s.retryAfter());
                byte[] error = ("{\"type\":\"error\",\"error\":{\"type\":\"" + (s.status() == 429 ? "rate_limit_error"
                        : "api_error") + "\",\"message\":\"injected " + s.status() + "\"}}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(s.status(), error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            JsonNode request = JSON.readTree(body);
            boolean stream = request.path("stream").asBoolean(false);
            int cut = fault instanceof Fault.CutAfter c ? c.chunks() : Integer.MAX_VALUE;
            String errorFirst = fault instanceof Fault.ErrorEventFirst e ? e.type() : null;
            if (!stream) {
                sendJson(exchange, anthropic ? anthropicMessage(request) : openAiCompletion(request),
                        cut != Integer.MAX_VALUE);
            } else if (anthropic) {
                streamAnthropic(exchange, request, cut, errorFirst);
            } else {
                streamOpenAi(exchange, request, cut, errorFirst);
            }
        }
    }

    private String text() {
        return String.join("", chunks);
    }

    private ObjectNode openAiCompletion(JsonNode request) {
        ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion")
                .put("model", request.path("model").asText());
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0)
                .put("finish_reason", toolCall != null ? "tool_calls" : finish);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (toolCall != null && text().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text());
        }
        if (toolCall != null) {
            ObjectNode call = message.putArray("tool_calls").addObject().put("id", toolCall.id()).put("type", "function");
            call.putObject("function").put("name", toolCall.name()).put("arguments", toolCall.arguments());
        }
        if (request.path("logprobs").asBoolean(false)) {
            var content = choice.putObject("logprobs").putArray("content");
            for (int i = 0; i < chunks.size(); i++) {
                content.add(logprobEntry(request, i));
            }
        }
        root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", chunks.size())
                .put("total_tokens", promptTokens + chunks.size());
        return root;
    }

    /** One {@code logprobs.content[]} entry for the piece at this index, with the alternatives the request asked for. */
    private ObjectNode logprobEntry(JsonNode request, int index) {
        String piece = chunks.get(index);
        ObjectNode entry = JSON.createObjectNode().put("token", piece).put("logprob", logprob(index));
        var bytes = entry.putArray("bytes");
        for (byte b : piece.getBytes(StandardCharsets.UTF_8)) bytes.add(b & 0xff);
        var top = entry.putArray("top_logprobs");
        for (int a = 0; a < request.path("top_logprobs").asInt(0); a++) {
            top.addObject().put("token", "alt" + a).put("logprob", logprob(index) - (a + 1) / 4.0).putNull("bytes");
        }
        return entry;
    }

    private ObjectNode anthropicMessage(JsonNode request) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("id", "msg_fake").put("type", "message").put("role", "assistant")
                .put("model", request.path("model").asText()).put("stop_reason", anthropicStop());
        var content = root.putArray("content");
        if (!text().isEmpty() || toolCall == null) {
            content.addObject().put("type", "text").put("text", text());
        }
        if (toolCall != null) {
            content.addObject().put("type", "tool_use").put("id", toolCall.id()).put("name", toolCall.name())
                    .set("input", JSON.readTree(toolCall.arguments()));
        }
        root.putObject("usage").put("input_tokens", promptTokens).put("output_tokens", chunks.size());
        return root;
    }

    private String anthropicStop() {
        return toolCall != null ? "tool_use" : "length".equals(finish) ? "max_tokens" : "end_turn";
    }

    /** The tool call's arguments in two pieces, as providers stream them. */
    private List<String> argumentPieces() {
        String arguments = toolCall.arguments();
        int half = arguments.length() / 2;
        return List.of(arguments.substring(0, half), arguments.substring(half));
    }

    private void streamOpenAi(HttpExchange exchange, JsonNode request, int cut, String errorFirst) throws IOException {
        OutputStream out = startStream(exchange);
        if (errorFirst != null) {
            event(out, null, "{\"error\":{\"type\":\"" + errorFirst + "\",\"message\":\"injected\"}}");
            return;
        }
        String model = request.path("model").asText();
        String head = "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model + "\",";
        event(out, null, head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
        boolean logprobs = request.path("logprobs").asBoolean(false);
        for (int i = 0; i < chunks.size(); i++) {
            if (i == cut) return;
            String logprobsJson = logprobs ? ",\"logprobs\":{\"content\":[" + JSON.writeValueAsString(logprobEntry(request, i))
                    + "]}" : "";
            event(out, null, head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + JSON.writeValueAsString(chunks.get(i))
                    + "}" + logprobsJson + ",\"finish_reason\":null}]}");
        }
        if (toolCall != null) {
            event(out, null, head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\""
                    + toolCall.id() + "\",\"type\":\"function\",\"function\":{\"name\":\"" + toolCall.name()
                    + "\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}");
            for (String piece : argumentPieces()) {
                event(out, null, head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                        + "\"function\":{\"arguments\":" + JSON.writeValueAsString(piece) + "}}]},\"finish_reason\":null}]}");
            }
        }
        String finishReason = toolCall != null ? "tool_calls" : finish;
        event(out, null, head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + finishReason + "\"}]}");
        if (request.path("stream_options").path("include_usage").asBoolean(false)) {
            event(out, null, head + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens
                    + ",\"completion_tokens\":" + chunks.size() + ",\"total_tokens\":" + (promptTokens + chunks.size()) + "}}");
        }
        event(out, null, "[DONE]");
    }

    private void streamAnthropic(HttpExchange exchange, JsonNode request, int cut, String errorFirst) throws IOException {
        OutputStream out = startStream(exchange);
        event(out, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_fake\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[],\"model\":\"" + request.path("model").asText()
                + "\",\"stop_reason\":null,\"usage\":{\"input_tokens\":" + promptTokens + ",\"output_tokens\":1}}}");
        if (errorFirst != null) {
            event(out, "error", "{\"type\":\"error\",\"error\":{\"type\":\"" + errorFirst + "\",\"message\":\"injected\"}}");
            return;
        }
        event(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        event(out, "ping", "{\"type\":\"ping\"}");
        for (int i = 0; i < chunks.size(); i++) {
            if (i == cut) return;
            event(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                    + JSON.writeValueAsString(chunks.get(i)) + "}}");
        }
        event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        if (toolCall != null) {
            event(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                    + "{\"type\":\"tool_use\",\"id\":\"" + toolCall.id() + "\",\"name\":\"" + toolCall.name() + "\",\"input\":{}}}");
            for (String piece : argumentPieces()) {
                event(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":" + JSON.writeValueAsString(piece) + "}}");
            }
            event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}");
        }
        event(out, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + anthropicStop()
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + chunks.size() + "}}");
        event(out, "message_stop", "{\"type\":\"message_stop\"}");
    }

    private static OutputStream startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static void event(OutputStream out, String name, String data) throws IOException {
        String frame = (name != null ? "event: " + name + "\n" : "") + "data: " + data + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * A non-streaming answer; {@code cutHalfway} announces its full length, sends half and stops: closing the
     * exchange with bytes still owed closes the connection, so the client sees the body end early.
     */
    private static void sendJson(HttpExchange exchange, JsonNode body, boolean cutHalfway) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes, 0, cutHalfway ? bytes.length / 2 : bytes.length);
        exchange.getResponseBody().flush();
    }

    private static void sleep(Duration d) {
        if (d.isZero()) return;
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server; its port refuses connections afterwards. */
    @Override
    public void close() {
        server.stop(0);
    }
}
