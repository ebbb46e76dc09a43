package dev.gatehouse.router.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a Gatehouse already running on the configured port has loaded, from its {@code GET /v1/pool}; empty when
 * nothing answers there in time. {@code gatehouse models} shows it next to what the manifest declares and the disk
 * holds.
 */
final class RunningServerPool {
    private static final Duration CONNECT = Duration.ofSeconds(1);
    private static final Duration ANSWER = Duration.ofSeconds(3);

    /**
     * Each pool model's entry by id, as {@code /v1/pool} wrote it (state, device, slots, ...).
     *
     * @param keyRefused the server answered but wants a (different) key: {@code models} is empty
     */
    record Pool(URI base, Map<String, JsonNode> models, boolean keyRefused) {
    }

    private RunningServerPool() {
    }

    /**
     * @param host the configured listen address; a wildcard one is asked on loopback
     * @param env  {@code GATEHOUSE_API_KEY}, when set, is sent as the bearer key of a server that requires one
     */
    static Optional<Pool> ask(String host, int port, Map<String, String> env) {
        if (port <= 0) {
            return Optional.empty(); // port 0 means "any free one": there is no known address to ask
        }
        String address = host.equals("0.0.0.0") || host.equals("::") || host.isBlank() ? "127.0.0.1" : host;
        URI base = URI.create("http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/v1/pool")).timeout(ANSWER).GET();
        String key = env.get("GATEHOUSE_API_KEY");
        if (key != null && !key.isBlank()) {
            request.header("Authorization", "Bearer " + key);
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT).build()) {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                return Optional.of(new Pool(base, Map.of(), true));
            }
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            Map<String, JsonNode> models = new LinkedHashMap<>();
            for (JsonNode m : new ObjectMapper().readTree(response.body()).path("models")) {
                models.put(m.path("id").asText(), m);
            }
            return Optional.of(new Pool(base, models, false));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
