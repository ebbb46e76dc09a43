package dev.gatehouse.router.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Calls an operator's HTTP tool: POSTs the inputs as a JSON object and reads the answer, a JSON object with a string
 * {@code answer} or a {@code text/plain} body. Everything else (a status other than 200, another shape, an answer
 * over 64 KB, the deadline passing) is a {@link ToolFailedException}, so the request can go to a model instead.
 */
public final class HttpToolCall {
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;

    public HttpToolCall(HttpClient client) {
        this.client = client;
    }

    public ToolAnswer call(HttpTool tool, Map<String, Object> inputs) throws InterruptedException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(tool.url())
                    .timeout(tool.timeout())
                    .header("content-type", "application/json")
                    .header("accept", "application/json, text/plain")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(inputs)))
                    .build();
        } catch (IOException e) {
            throw new ToolFailedException(tool.target(), "inputs could not be written as JSON");
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ToolFailedException(tool.target(), "no answer within " + tool.timeout().toMillis() + " ms");
        } catch (IOException e) {
            throw new ToolFailedException(tool.target(), "unreachable (" + e.getClass().getSimpleName() + ")");
        }
        if (response.statusCode() != 200) {
            throw new ToolFailedException(tool.target(), "answered HTTP " + response.statusCode());
        }
        byte[] body = response.body();
        if (body.length > MAX_ANSWER_BYTES) {
            throw new ToolFailedException(tool.target(), "answer of " + body.length + " bytes is over 64 KB");
        }
        String type = response.headers().firstValue("content-type").orElse("");
        String text = new String(body, StandardCharsets.UTF_8);
        if (type.startsWith("text/plain")) {
            return new ToolAnswer(tool.target(), text.strip(), "http tool " + tool.name());
        }
        try {
            JsonNode answer = JSON.readTree(text).path("answer");
            if (!answer.isTextual()) {
                throw new ToolFailedException(tool.target(), "JSON answer without a string 'answer' field");
            }
            return new ToolAnswer(tool.target(), answer.asText(), "http tool " + tool.name());
        } catch (IOException e) {
            throw new ToolFailedException(tool.target(), "answer is neither JSON nor text/plain");
        }
    }
}
