package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.router.escalation.FakeProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proof for regulated users: every labelled sentence is sent as a chat request through the real server with a
 * policy that would send everything to the cloud (the provider target is preferred and best for every request), the
 * provider being approved for public data only; the fake provider must receive no request containing any labelled
 * value. Corpora: Presidio's synthetic set from {@code ../shared/eval} (skipped loudly when absent), the secrets
 * corpus, and this class's own fixture (sensitive values in user, system and assistant messages). Each corpus also
 * counts what did escalate, so the test cannot pass by sending nothing.
 *
 * <p>Set {@code -Dgatehouse.leak.benchmarks=PATH} to write the counts into the {@code bench:leak} section of that
 * Markdown file (see {@link LeakReport}).
 */
class EgressLeakTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String POLICY = """
            targets:
              - {id: tiny, quality: {default: 0.1}}
              - {id: other, quality: {default: 0.1}}
              - {id: cloud/big, quality: {default: 0.99}}
            priority: best
            rules:
              - name: cloud-for-everything
                prefer: [cloud/big]
            providers:
            %s""";

    /** A text to send and the values in it that must not leave. */
    record Labelled(String text, String role, List<String> values) {}

    /** What one corpus did: requests sent, requests that reached the provider, and those that leaked a value. */
    record Replay(String corpus, int sentences, int withValues, int escalated, List<String> leaks) {}

    static FakeProvider cloud;
    static RunningGatehouse gatehouse;
    static final List<Replay> REPLAYS = new ArrayList<>();

    @BeforeAll
    static void start() {
        cloud = FakeProvider.start();
        gatehouse = EscalatingGatehouse.start(POLICY.formatted(EscalatingGatehouse.provider("cloud", "openai",
                cloud.baseUrl(), "big", "public", "0.001", "0.002")), ScriptedChatModel.saying(4096, "ok"),
                ScriptedChatModel.saying(4096, "ok"));
    }

    @AfterAll
    static void stop() throws IOException {
        gatehouse.close();
        cloud.close();
        String out = System.getProperty("gatehouse.leak.benchmarks");
        if (out != null && !out.isBlank() && !REPLAYS.isEmpty()) {
            LeakReport.write(Path.of(out), REPLAYS);
        }
    }

    @Test
    void noValueOfPresidiosSyntheticSetReachesTheProvider() throws IOException {
        String eval = System.getProperty("gatehouse.shared.eval");
        Path file = eval == null ? null : Path.of(eval, "pii", "synth_dataset_v2.json");
        Assumptions.assumeTrue(file != null && Files.isRegularFile(file), "SKIPPED LOUDLY: the leak replay of "
                + "synth_dataset_v2.json needs ../shared/eval (system property gatehouse.shared.eval, was " + eval
                + "); the secrets corpus and the fixture below still run");
        List<Labelled> sentences = new ArrayList<>();
        for (JsonNode row : JSON.readTree(file.toFile())) {
            List<String> values = new ArrayList<>();
            row.get("spans").forEach(s -> values.add(s.get("entity_value").asText()));
            sentences.add(new Labelled(row.get("full_text").asText(), "user", values));
        }

        Replay replay = replay("synth_dataset_v2.json", sentences);

        assertThat(replay.sentences()).isEqualTo(1500);
        assertThat(replay.leaks()).as("%d of %d sentences with labelled values reached the provider",
                replay.leaks().size(), replay.withValues()).isEmpty();
    }

    @Test
    void noSecretOfTheSecretsCorpusReachesTheProvider() throws IOException {
        List<Labelled> secrets = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/privacy/secrets-corpus.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] p = line.split("\t");
                String value = p[1].replace("\\n", "\n");
                secrets.add(new Labelled(p[2].replace("\\n", "\n").replace("{v}", value), "user", List.of(value)));
            }
        }
        secrets.add(new Labelled("summarize the plot of a famous novel about a whale", "user", List.of()));

        Replay replay = replay("secrets-corpus.txt", secrets);

        assertThat(replay.escalated()).as("the clean control sentence escalates").isEqualTo(1);
        assertThat(replay.leaks()).isEmpty();
    }

    @Test
    void noValueInAnyMessageRoleOfTheFixtureReachesTheProviderWhileCleanRequestsDo() throws IOException {
        List<Labelled> fixture = List.of(
                new Labelled("my card number is 4111 1111 1111 1111, is it valid?", "user",
                        List.of("4111 1111 1111 1111")),
                new Labelled("You are the assistant of Jane Doe, reachable at jane.doe@example.com.", "system",
                        List.of("jane.doe@example.com")),
                new Labelled("Sure, I noted her SSN 078-05-1120 for the form.", "assistant", List.of("078-05-1120")),
                new Labelled("transfer it to DE89 3704 0044 0532 0130 00 by friday", "user",
                        List.of("DE89 3704 0044 0532 0130 00")),
                new Labelled("the server at 10.20.30.40 answers with password hunter2025", "user",
                        List.of("10.20.30.40", "hunter2025")),
                new Labelled("call me on +44 20 7946 0958 or mail bob.smith@corp.example", "user",
                        List.of("+44 20 7946 0958", "bob.smith@corp.example")),
                new Labelled("explain how tides work", "user", List.of()),
                new Labelled("write a short poem about autumn leaves", "user", List.of()));

        Replay replay = replay("fixture", fixture);

        assertThat(replay.escalated()).as("the clean sentences escalate").isEqualTo(2);
        assertThat(replay.leaks()).isEmpty();
    }

    /** Sends each text in turn (the sensitive one in its role, with a plain user question when it is not one). */
    static Replay replay(String corpus, List<Labelled> texts) throws IOException {
        int withValues = 0;
        int escalated = 0;
        List<String> leaks = new ArrayList<>();
        for (Labelled t : texts) {
            int before = cloud.requestCount();
            HttpResponse<String> r = gatehouse.post("/v1/chat/completions", body(t));
            assertThat(r.statusCode()).as("answer to %s: %s", t.text(), r.body()).isEqualTo(200);
            if (!t.values().isEmpty()) withValues++;
            List<FakeProvider.Received> received = cloud.received();
            for (int i = before; i < received.size(); i++) {
                escalated++;
                String sent = messageText(received.get(i).json());
                for (String value : t.values()) {
                    if (sent.contains(value)) {
                        leaks.add(corpus + ": \"" + value + "\" in \"" + t.text() + "\"");
                        break;
                    }
                }
            }
        }
        Replay replay = new Replay(corpus, texts.size(), withValues, escalated, leaks);
        synchronized (REPLAYS) {
            REPLAYS.add(replay);
        }
        System.out.printf("leak replay %s: %d texts, %d with labelled values, %d escalated, %d leaked%n",
                corpus, replay.sentences(), withValues, escalated, leaks.size());
        leaks.stream().limit(40).forEach(l -> System.out.println("  leaked " + l));
        return replay;
    }

    static String body(Labelled t) {
        ObjectNode root = JSON.createObjectNode().put("model", "auto");
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", t.role()).put("content", t.text());
        if (!t.role().equals("user")) {
            messages.addObject().put("role", "user").put("content", "please continue");
        }
        return root.toString();
    }

    /** Every message's content as the provider received it (JSON-decoded, so escapes do not hide a value). */
    static String messageText(JsonNode body) {
        StringBuilder text = new StringBuilder();
        body.path("messages").forEach(m -> text.append(m.path("content").asText()).append('\n'));
        body.path("system").forEach(s -> text.append(s.path("text").asText()).append('\n'));
        return text.toString();
    }
}
