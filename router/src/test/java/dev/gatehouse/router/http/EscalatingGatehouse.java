package dev.gatehouse.router.http;

import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.inference.provider.CircuitBreaker;
import dev.gatehouse.inference.provider.GuardedProvider;
import dev.gatehouse.inference.provider.ProviderClient;
import dev.gatehouse.inference.provider.RetryPolicy;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.privacy.PrivacyScanner;
import dev.gatehouse.router.routing.Outbound;
import dev.gatehouse.router.routing.RequestRouter;
import dev.gatehouse.router.routing.RouterSetup;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Gatehouse over scripted local models with a policy that names providers (usually {@code FakeProvider}s):
 * the policy's real scanner, no provider retries and a breaker that opens after two failures in a row, so tests
 * step through failures quickly.
 */
final class EscalatingGatehouse {

    static final String KEY_ENV = "FAKE_PROVIDER_KEY";
    static final Map<String, String> ENV = Map.of(KEY_ENV, "sk-fake-provider-key");

    private EscalatingGatehouse() {}

    /** Local models {@code tiny} (default) and {@code other}, both with 2 slots. */
    static RunningGatehouse start(String policyYaml, ScriptedChatModel tiny, ScriptedChatModel other) {
        return start(policyYaml, tiny, other, null);
    }

    /** @param scanner null for the policy's real scanner */
    static RunningGatehouse start(String policyYaml, ScriptedChatModel tiny, ScriptedChatModel other,
            PrivacyScanner scanner) {
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("tiny", true, 2),
                RunningGatehouse.chatSpec("other", false, 2)));
        ModelPool pool = new ModelPool(manifest, new PoolSettings(2, 4, Duration.ofSeconds(5), 4096),
                new ScriptedLoader().with("tiny", tiny).with("other", other));
        pool.start();
        Policy policy = PolicyReader.parse(policyYaml, "test policy", ENV);
        Clock clock = Clock.systemUTC();
        Outbound outbound = Outbound.connect(policy.escalation(), clock, p -> new GuardedProvider(
                ProviderClient.create(p.endpoint()), new CircuitBreaker(new CircuitBreaker.Settings(2, 1.0, 100,
                        Duration.ofMinutes(1), Duration.ofMinutes(5), 1)), RetryPolicy.none(), clock,
                RetryPolicy.Sleeper.REAL));
        RequestRouter router = RouterSetup.build(policy, "test policy", pool, 4, null,
                scanner != null ? scanner : RouterSetup.scanner(policy), (prompt, embedding) -> 0.2, null, clock,
                outbound);
        return RunningGatehouse.serve(Components.of(pool, 1 << 20, RunningGatehouse.REQUEST_TIMEOUT, false, router));
    }

    /** One provider entry of the policy's {@code providers:} list. */
    static String provider(String id, String kind, java.net.URI baseUrl, String models, String dataClasses,
            String priceIn, String priceOut) {
        return "  - {id: " + id + ", kind: " + kind + ", baseUrl: '" + baseUrl + "', apiKeyEnv: " + KEY_ENV
                + ", models: [" + models + "], dataClasses: [" + dataClasses + "], pricePer1kInput: " + priceIn
                + ", pricePer1kOutput: " + priceOut + ", timeout: 5s}\n";
    }

    static String chat(String model, String content) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

    static String chatStreaming(String model, String content) {
        return "{\"model\":\"" + model + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }
}
