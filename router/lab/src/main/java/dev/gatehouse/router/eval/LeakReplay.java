package dev.gatehouse.router.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.http.Components;
import dev.gatehouse.router.http.GatehouseServer;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.policy.PrivacyRules;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.routing.RequestRouter;
import dev.gatehouse.router.routing.RouterSetup;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code eval leak}'s run: a real Gatehouse on a random loopback port whose policy has one target, a model of a
 * {@link RecordingProvider} approved for the given data classes, preferred for everything; no local models, so what
 * may not leave is refused and what may leave goes to the provider. Each sentence is one chat request, sent one after
 * another so every request the provider receives belongs to the sentence in flight. A sentence leaked when a request
 * the provider received during it contains any of its labelled values.
 */
final class LeakReplay {
    static final String KEY_ENV = "GATEHOUSE_EVAL_LEAK_KEY";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = """
            targets:
              - {id: cloud/model, quality: {default: 0.99}, dataClasses: [%s]}
            priority: best
            floors: {default: 0.0}
            rules:
              - {name: cloud-for-everything, prefer: [cloud/model]}
            providers:
              - {id: cloud, kind: openai, baseUrl: '%s', apiKeyEnv: %s, models: [model], dataClasses: [%s],
                 pricePer1kInput: 0, pricePer1kOutput: 0, timeout: 10s}
            %s""";

    /** One sentence whose labelled values reached the provider, with the types of the values that did. */
    record Leak(int index, String text, Set<String> types) {}

    /**
     * @param byStatus         HTTP status of the chat responses (200: answered by the provider; 4xx: kept home)
     * @param labelledByType   sentences carrying at least one value of each type
     * @param leakedByType     sentences with a value of each type at the provider
     */
    record Result(int sentences, int withValues, int reachedProvider, List<Leak> leaks, Map<Integer, Integer> byStatus,
            Map<String, Integer> labelledByType, Map<String, Integer> leakedByType) {}

    private LeakReplay() {}

    /**
     * @param classes what the provider is approved for
     * @param privacy the operator's privacy section (classes, patterns, egress), or null for the shipped one
     */
    static Result run(PiiDataset data, Set<DataClass> classes, PrivacyRules privacy) throws IOException {
        try (RecordingProvider provider = RecordingProvider.start()) {
            Policy policy = policy(provider.baseUrl(), classes, privacy);
            ModelPool pool = new ModelPool(new Manifest(List.of()), new PoolSettings(1, 1, Duration.ofSeconds(1), 2048),
                    (spec, slots, context) -> {
                        throw new InferenceException(InferenceException.Kind.MODEL_NOT_READY, "no local models here");
                    });
            RequestRouter router = RouterSetup.build(policy, "eval leak policy", pool, 1, null, null, Clock.systemUTC());
            WebServer server = GatehouseServer.start("127.0.0.1", 0,
                    Components.of(pool, 1 << 20, Duration.ofSeconds(30), false, router));
            try {
                return replay(data, provider, URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"));
            } finally {
                server.stop();
                pool.close();
            }
        }
    }

    private static Policy policy(URI baseUrl, Set<DataClass> classes, PrivacyRules privacy) {
        String approved = classes.stream().map(DataClass::wireName).collect(Collectors.joining(", "));
        // a provider approved for confidential data only gets it masked: masking on, as an operator would have it
        String escalation = classes.contains(DataClass.CONFIDENTIAL) ? "escalation: {maskConfidential: true}\n" : "";
        Policy p = PolicyReader.parse(POLICY.formatted(approved, baseUrl, KEY_ENV, approved, escalation), "eval leak policy",
                Map.of(KEY_ENV, "sk-eval-leak"));
        if (privacy == null) return p;
        return p.withPrivacy(privacy);
    }

    private static Result replay(PiiDataset data, RecordingProvider provider, URI chat) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Leak> leaks = new ArrayList<>();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> labelledByType = new TreeMap<>();
        Map<String, Integer> leakedByType = new TreeMap<>();
        int withValues = 0;
        int reached = 0;
        for (int i = 0; i < data.sentences().size(); i++) {
            PiiDataset.Sentence s = data.sentences().get(i);
            int before = provider.count();
            int status = post(client, chat, s.text());
            byStatus.merge(status, 1, Integer::sum);
            List<String> arrived = provider.since(before);
            if (!arrived.isEmpty()) reached++;
            if (s.spans().isEmpty()) continue;
            withValues++;
            Set<String> types = new TreeSet<>();
            Set<String> leakedTypes = new TreeSet<>();
            for (PiiDataset.Span span : s.spans()) {
                types.add(span.type());
                String value = s.text().substring(span.start(), span.end());
                if (arrived.stream().anyMatch(text -> text.contains(value))) leakedTypes.add(span.type());
            }
            types.forEach(t -> labelledByType.merge(t, 1, Integer::sum));
            if (!leakedTypes.isEmpty()) {
                leaks.add(new Leak(i, s.text(), leakedTypes));
                leakedTypes.forEach(t -> leakedByType.merge(t, 1, Integer::sum));
            }
        }
        return new Result(data.sentences().size(), withValues, reached, leaks, byStatus, labelledByType, leakedByType);
    }

    private static int post(HttpClient client, URI chat, String text) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("model", "auto");
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        HttpRequest request = HttpRequest.newBuilder(chat).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while replaying", e);
        }
    }
}
