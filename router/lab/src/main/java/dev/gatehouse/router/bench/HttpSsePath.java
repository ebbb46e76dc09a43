package dev.gatehouse.router.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** (c) The whole product: an OpenAI streaming request over loopback HTTP to the server, SSE back. */
final class HttpSsePath implements GenerationPath {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI endpoint;
    private final String model;
    private final String name;

    HttpSsePath(int port, String model) {
        this(port, model, "HTTP SSE (/v1/chat/completions, stream: true)");
    }

    HttpSsePath(int port, String model, String name) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/v1/chat/completions");
        this.model = model;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GenerationSample run(String prompt, int maxTokens) throws Exception {
        var body = JSON.createObjectNode();
        body.put("model", model).put("stream", true).put("max_tokens", maxTokens).put("temperature", 0).put("seed", 1);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        body.putObject("stream_options").put("include_usage", true);
        HttpRequest request = HttpRequest.newBuilder(endpoint).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        long start = System.nanoTime();
        long first = -1;
        int tokens = -1;
        int promptTokens = -1;
        HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) throw new IllegalStateException("HTTP " + response.statusCode());
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.startsWith("data: ") || line.equals("data: [DONE]")) continue;
                // A client that renders tokens needs no more than this per chunk; full parsing is kept to the
                // chunks that carry usage or an error, so the client's own cost stays small next to the server's.
                if (first < 0 && line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
                    first = System.nanoTime() - start;
                }
                if (line.contains("\"completion_tokens\"") || line.startsWith("data: {\"error\"")) {
                    JsonNode chunk = JSON.readTree(line.substring(6));
                    if (chunk.has("error")) throw new IllegalStateException("stream failed: " + chunk);
                    tokens = chunk.path("usage").path("completion_tokens").asInt();
                    promptTokens = chunk.path("usage").path("prompt_tokens").asInt(-1);
                }
            }
        }
        return new GenerationSample(first, System.nanoTime() - start, tokens, promptTokens);
    }

    /** What the transport alone costs: a trivial GET, same client, same connection pool. */
    double medianHealthRoundTripMillis(int times) throws Exception {
        HttpRequest ping = HttpRequest.newBuilder(endpoint.resolve("/health/live")).GET().build();
        double[] millis = new double[times];
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            client.send(ping, HttpResponse.BodyHandlers.discarding());
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(millis);
        return millis[times / 2];
    }

    @Override
    public void close() {
        client.close();
    }
}
