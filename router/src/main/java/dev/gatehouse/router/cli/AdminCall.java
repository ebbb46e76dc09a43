package dev.gatehouse.router.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One call of a CLI command to a running server's admin API ({@code gatehouse review}, {@code gatehouse rollout}):
 * the bearer key when there is one, a deadline on connecting and on the answer, and a one-line error naming the
 * command, the status and the server's own message instead of a stack trace.
 */
final class AdminCall {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT = Duration.ofSeconds(3);
    private static final Duration ANSWER = Duration.ofSeconds(30);

    private AdminCall() {}

    /**
     * Calls {@code method path} on {@code url} and hands a 200's JSON body to {@code onSuccess}.
     *
     * @param body a JSON body, or null for none
     * @return 0 after a 200, 1 after printing why there is no answer or what the server refused
     */
    static int call(String command, URI url, String key, String method, String path, String body, PrintWriter out,
            PrintWriter err, Consumer<JsonNode> onSuccess) {
        var request = HttpRequest.newBuilder(url.resolve(path)).timeout(ANSWER)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null && !key.isBlank()) request.header("Authorization", "Bearer " + key.strip());
        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT).build()) {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println(command + ": no Gatehouse answered at " + url + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); is it running? name it with --url");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(command + ": interrupted");
            return 1;
        }
        JsonNode json;
        try {
            json = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
        } catch (IOException e) {
            err.println(command + ": " + url + " answered " + response.statusCode() + " with a body that is not JSON");
            return 1;
        }
        if (response.statusCode() != 200) {
            err.println(command + ": HTTP " + response.statusCode() + ": "
                    + json.path("error").path("message").asText(""));
            return 1;
        }
        onSuccess.accept(json);
        out.flush();
        return 0;
    }
}
