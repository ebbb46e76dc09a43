package dev.gatehouse.router.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.FinishReason;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.inference.Usage;
import dev.gatehouse.inference.provider.ApiKey;
import dev.gatehouse.inference.provider.Delivery;
import dev.gatehouse.inference.provider.ProviderClient;
import dev.gatehouse.inference.provider.ProviderEndpoint;
import dev.gatehouse.inference.provider.ProviderKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderClientTest {

    static final String KEY = "sk-test-0123456789";
    final FakeProvider fake = FakeProvider.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    static ProviderClient client(FakeProvider fake, ProviderKind kind) {
        return ProviderClient.create(new ProviderEndpoint(kind.name().toLowerCase(), kind, fake.baseUrl(),
                ApiKey.of(KEY), Duration.ofSeconds(5), 8));
    }

    static ChatRequest request(Integer maxTokens, ChatMessage... messages) {
        return new ChatRequest(List.of(messages), new GenerationParams(maxTokens, 0.0, null, null, List.of()));
    }

    static ChatRequest hello() {
        return request(64, new ChatMessage(ChatMessage.Role.SYSTEM, "Be brief."),
                new ChatMessage(ChatMessage.Role.USER, "Say hello"));
    }

    /** Every event until the end. */
    static List<TokenEvent> drain(TokenStream stream) {
        List<TokenEvent> events = new ArrayList<>();
        try (stream) {
            TokenEvent e;
            do {
                e = stream.next();
                events.add(e);
            } while (e instanceof TokenEvent.Text);
        }
        return events;
    }

    static List<TokenEvent> expected(Usage usage, FinishReason finish) {
        return List.of(new TokenEvent.Text("Hello"), new TokenEvent.Text(", "), new TokenEvent.Text("world"),
                new TokenEvent.Text("!"), new TokenEvent.End(finish, usage));
    }

    @Test
    void openAiStreamYieldsOneTextEventPerChunkAndTheProvidersRealUsage() {
        var events = drain(client(fake, ProviderKind.OPENAI).chat("gpt-test", hello(), Delivery.STREAMING));

        assertThat(events).isEqualTo(expected(new Usage(11, 4), FinishReason.STOP));
        var sent = fake.received().getFirst();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.headers()).containsEntry("authorization", "Bearer " + KEY);
        assertThat(sent.json().path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(sent.json().path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(sent.json().path("max_tokens").asInt()).isEqualTo(64);
    }

    @Test
    void openAiBufferedAnswerIsOneTextEventThenTheEnd() {
        fake.reply(List.of("Hi", " there"), 7, "length");
        var events = drain(client(fake, ProviderKind.OPENAI).chat("gpt-test", hello(), Delivery.BUFFERED));

        assertThat(events).containsExactly(new TokenEvent.Text("Hi there"),
                new TokenEvent.End(FinishReason.LENGTH, new Usage(7, 2)));
        var sent = fake.received().getFirst();
        assertThat(sent.json().has("stream")).isFalse();
        assertThat(sent.headers()).containsEntry("authorization", "Bearer " + KEY)
                .containsEntry("accept", "application/json");
    }

    @Test
    void anthropicBufferedRequestCarriesItsKeyHeaders() {
        drain(client(fake, ProviderKind.ANTHROPIC).chat("claude-test", hello(), Delivery.BUFFERED));

        assertThat(fake.received().getFirst().headers()).containsEntry("x-api-key", KEY)
                .containsEntry("anthropic-version", "2023-06-01").doesNotContainKey("authorization");
    }

    @Test
    void bufferedCallsToOneProviderShareAKeptAliveConnection() {
        var client = client(fake, ProviderKind.OPENAI);
        for (int i = 0; i < 5; i++) drain(client.chat("gpt-test", hello(), Delivery.BUFFERED));

        assertThat(fake.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void anthropicStreamIsTranslatedToTheSameTokenEventsAsOpenAis() {
        var anthropic = drain(client(fake, ProviderKind.ANTHROPIC).chat("claude-test", hello(), Delivery.STREAMING));
        var openAi = drain(client(fake, ProviderKind.OPENAI).chat("gpt-test", hello(), Delivery.STREAMING));

        assertThat(anthropic).isEqualTo(expected(new Usage(11, 4), FinishReason.STOP)).isEqualTo(openAi);
    }

    @Test
    void anthropicRequestPutsSystemMessagesInTheSystemFieldWithItsKeyHeaders() {
        drain(client(fake, ProviderKind.ANTHROPIC).chat("claude-test", request(null,
                new ChatMessage(ChatMessage.Role.SYSTEM, "Rule one."), new ChatMessage(ChatMessage.Role.SYSTEM, "Rule two."),
                new ChatMessage(ChatMessage.Role.USER, "Hi")), Delivery.STREAMING));

        var sent = fake.received().getFirst();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.headers()).containsEntry("x-api-key", KEY).containsEntry("anthropic-version", "2023-06-01")
                .doesNotContainKey("authorization");
        assertThat(sent.json().path("system").asText()).isEqualTo("Rule one.\n\nRule two.");
        assertThat(sent.json().path("messages")).hasSize(1);
        assertThat(sent.json().path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(sent.json().path("max_tokens").asInt()).as("required by Anthropic").isEqualTo(4096);
    }

    @Test
    void anthropicMaxTokensStopReasonBecomesLengthStreamedAndBuffered() {
        fake.reply(List.of("cut"), 3, "length");
        var streamed = drain(client(fake, ProviderKind.ANTHROPIC).chat("claude-test", hello(), Delivery.STREAMING));
        var buffered = drain(client(fake, ProviderKind.ANTHROPIC).chat("claude-test", hello(), Delivery.BUFFERED));

        var end = new TokenEvent.End(FinishReason.LENGTH, new Usage(3, 1));
        assertThat(streamed).containsExactly(new TokenEvent.Text("cut"), end);
        assertThat(buffered).containsExactly(new TokenEvent.Text("cut"), end);
    }

    @Test
    void theApiKeyNeverAppearsInTheEndpointsToString() {
        var endpoint = client(fake, ProviderKind.OPENAI).endpoint();
        assertThat(endpoint.toString()).doesNotContain(KEY).contains("redacted");
    }

    @Test
    void closingTheStreamAfterTheFirstTokenStopsIt() {
        TokenStream stream = client(fake, ProviderKind.OPENAI).chat("gpt-test", hello(), Delivery.STREAMING);
        assertThat(stream.next()).isEqualTo(new TokenEvent.Text("Hello"));
        stream.close();
        stream.close(); // idempotent
        org.assertj.core.api.Assertions.assertThatThrownBy(stream::next)
                .isInstanceOf(dev.gatehouse.inference.InferenceException.class).hasMessageContaining("closed");
    }
}
