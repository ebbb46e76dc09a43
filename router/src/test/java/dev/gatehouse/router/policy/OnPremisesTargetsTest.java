package dev.gatehouse.router.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.router.escalation.ProviderConfig;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.pools.CapacitySource;
import dev.gatehouse.router.pools.PoolLoad;
import dev.gatehouse.router.pools.PoolReading;
import dev.gatehouse.router.privacy.DataClass;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** On-premises pools as targets: how the policy declares them, and how the pure decision treats them. */
class OnPremisesTargetsTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final Map<String, String> ENV = Map.of("OPENAI_KEY", "sk-test");

    static final String YAML = """
            targets:
              - id: small
                tier: small
                quality: {default: 0.4}
                tokensPerSecond: 80
              - id: peer/auto
                baseUrl: http://10.0.0.7:8080/v1
                onPremises: true
                capacity: {gatehouse: http://10.0.0.7:8080}
                tier: medium
                quality: {default: 0.6}
                tokensPerSecond: 80
              - id: vllm/llama
                baseUrl: http://vllm.internal:8000/v1
                onPremises: true
                capacity: {prometheus: http://vllm.internal:8000/metrics, staleAfter: 10s}
                tier: large
                quality: {default: 0.8}
                tokensPerSecond: 80
              - id: openai/gpt-4o
                tier: large
                quality: {default: 0.95}
                dataClasses: [public, internal]
                tokensPerSecond: 80
            providers:
              - {id: openai, kind: openai, baseUrl: 'https://api.openai.com/v1', apiKeyEnv: OPENAI_KEY, models: [gpt-4o],
                 dataClasses: [public, internal, confidential], pricePer1kInput: 0.0025, pricePer1kOutput: 0.01}
            """;

    static Policy policy() {
        return PolicyReader.parse(YAML, "on-premises fixture", ENV);
    }

    @Test
    void aTargetWithABaseUrlOnPremisesIsLocalAndServedByAPoolOfItsOwn() {
        Policy policy = policy();
        Target vllm = policy.target("vllm/llama").orElseThrow();
        ProviderConfig pool = policy.escalation().provider("vllm").orElseThrow();

        assertThat(vllm.local()).isTrue();
        assertThat(vllm.dataClasses()).containsExactlyInAnyOrder(DataClass.values());
        assertThat(vllm.firstTokenMillis()).as("a hop inside the building").isEqualTo(20);
        assertThat(vllm.costPer1kInput()).isZero();
        assertThat(pool.onPremises()).isTrue();
        assertThat(pool.models()).containsExactly("llama");
        assertThat(pool.apiKey().present()).isFalse();
        assertThat(pool.capacity().kind()).isEqualTo(CapacitySource.Kind.PROMETHEUS);
        assertThat(pool.capacity().staleAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.escalation().provider("peer").orElseThrow().capacity().url())
                .hasToString("http://10.0.0.7:8080/v1/pool");
        assertThat(policy.target("openai/gpt-4o").orElseThrow().local()).isFalse();
    }

    @Test
    void aProviderOnPremisesNeedsNoKeyNorPricesAndItsModelsMayReceiveRestrictedData() {
        Policy policy = PolicyReader.parse("""
                targets:
                  - id: gpu/qwen
                    tier: large
                providers:
                  - {id: gpu, kind: openai, baseUrl: 'http://gpu-node:8000/v1', models: [qwen, llama], onPremises: true,
                     capacity: {prometheus: 'http://gpu-node:8000/metrics'}}
                """, "provider on premises");

        Target listed = policy.target("gpu/qwen").orElseThrow();
        Target unlisted = policy.target("gpu/llama").orElseThrow();
        assertThat(listed.local()).isTrue();
        assertThat(listed.dataClasses()).contains(DataClass.RESTRICTED);
        assertThat(unlisted.local()).isTrue();
        assertThat(unlisted.dataClasses()).contains(DataClass.RESTRICTED);
        assertThat(policy.escalation().provider("gpu").orElseThrow().capacity().maxWaiting())
                .isEqualTo(CapacitySource.DEFAULT_MAX_WAITING);
    }

    record BadPolicy(String name, String yaml, String violation) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BadPolicy> badPolicies() {
        return Stream.of(
                new BadPolicy("a pool target needs pool/model",
                        "targets: [{id: llama, baseUrl: 'http://v:8000/v1', onPremises: true}]",
                        "targets[0].id: a target with a baseUrl is named pool/model"),
                new BadPolicy("capacity only with a baseUrl",
                        "targets: [{id: small, capacity: {prometheus: 'http://v:8000/metrics'}}]",
                        "targets[0].capacity: only a target with a baseUrl (its own endpoint) takes capacity"),
                new BadPolicy("the targets of one pool agree on its endpoint", """
                        targets:
                          - {id: p/a, baseUrl: 'http://h1:8000/v1', onPremises: true}
                          - {id: p/b, baseUrl: 'http://h2:8000/v1', onPremises: true}""",
                        "targets[1].baseUrl: pool 'p' is declared differently at targets[0]"),
                new BadPolicy("a cloud provider's target cannot be declared on premises", """
                        targets: [{id: openai/gpt-4o, onPremises: true}]
                        providers:
                          - {id: openai, kind: openai, baseUrl: 'https://api.openai.com/v1', apiKeyEnv: OPENAI_KEY,
                             models: [gpt-4o], pricePer1kInput: 0, pricePer1kOutput: 0}""",
                        "targets[0].onPremises: pool 'openai' is not declared on premises"),
                new BadPolicy("restricted data never goes to a provider outside", """
                        providers:
                          - {id: openai, kind: openai, baseUrl: 'https://api.openai.com/v1', apiKeyEnv: OPENAI_KEY,
                             models: [gpt-4o], dataClasses: [restricted], pricePer1kInput: 0, pricePer1kOutput: 0}""",
                        "providers[0].dataClasses[0]: restricted data never leaves the building"),
                new BadPolicy("a target of a pool on premises cannot be remote", """
                        targets: [{id: gpu/qwen, local: false}]
                        providers:
                          - {id: gpu, kind: openai, baseUrl: 'http://gpu:8000/v1', models: [qwen], onPremises: true}""",
                        "targets[0].local: pool 'gpu' is on premises (onPremises: true), so its targets are too"),
                new BadPolicy("one capacity source",
                        "targets: [{id: p/a, baseUrl: 'http://h:8000/v1', capacity: {gatehouse: 'http://h:8080', "
                                + "prometheus: 'http://h:8000/metrics'}}]",
                        "targets[0].capacity: needs exactly one of gatehouse: URL"),
                new BadPolicy("readings must outlive the poll interval",
                        "targets: [{id: p/a, baseUrl: 'http://h:8000/v1', capacity: {prometheus: 'http://h/metrics', "
                                + "every: 5s, staleAfter: 5s}}]",
                        "targets[0].capacity.staleAfter: must be longer than every (5000 ms)"),
                new BadPolicy("capacity keys are checked",
                        "targets: [{id: p/a, baseUrl: 'http://h:8000/v1', capacity: {prometheus: 'http://h/metrics', "
                                + "interval: 5s}}]",
                        "targets[0].capacity.interval: unknown key, expected one of [gatehouse, prometheus, every"),
                new BadPolicy("a base URL is an http URL",
                        "targets: [{id: p/a, baseUrl: 'ftp://h/v1', onPremises: true}]",
                        "targets[0].baseUrl: must be an http(s) URL without credentials"),
                new BadPolicy("an endpoint is declared in one place", """
                        targets: [{id: gpu/qwen, baseUrl: 'http://gpu:8000/v1', onPremises: true}]
                        providers:
                          - {id: gpu, kind: openai, baseUrl: 'http://gpu:8000/v1', models: [qwen], onPremises: true}""",
                        "targets[0].baseUrl: 'gpu' is also in providers:; declare its endpoint in one place"));
    }

    @ParameterizedTest
    @MethodSource("badPolicies")
    void aBadPoolDeclarationIsReportedWithItsKeyPath(BadPolicy c) {
        assertThatThrownBy(() -> PolicyReader.parse(c.yaml, "bad", ENV)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(c.violation);
    }

    // ---- decisions: the pools' readings are inputs of the pure decision

    static PoolReading peer(int slots, int busy, int waiting, Instant at) {
        return PoolReading.none("peer").answered(at, List.of(new PoolLoad("stories", PoolLoad.State.READY, true,
                slots, busy, waiting, 4, -1, 2048, 300)));
    }

    static PoolReading vllm(int running, int waiting, double kv, Instant at) {
        return PoolReading.none("vllm").answered(at, List.of(new PoolLoad(null, PoolLoad.State.READY, true, -1,
                running, waiting, -1, kv, 0, -1)));
    }

    /** Every target idle, both pools answered a second ago with room. */
    static CapacitySnapshot snapshot() {
        Map<String, TargetCapacity> targets = new HashMap<>();
        targets.put("small", TargetCapacity.idle("small", 2, 0).withContext(4096));
        targets.put("peer/auto", TargetCapacity.idle("peer/auto", 2, 0));
        targets.put("vllm/llama", TargetCapacity.idle("vllm/llama", 4, 0));
        targets.put("openai/gpt-4o", TargetCapacity.idle("openai/gpt-4o", 16, 0));
        return new CapacitySnapshot(NOW, targets, Map.of()).with(peer(2, 0, 0, NOW.minusSeconds(1)))
                .with(vllm(3, 0, 0.3, NOW.minusSeconds(1)));
    }

    static RequestFeatures request(DataClass data) {
        return RequestFeatures.of("general", 0.5, data, 200);
    }

    static ReasonCode rejection(Decision d, String target) {
        return d.rejected().stream().filter(r -> r.target().equals(target)).map(Decision.Rejection::reason)
                .findFirst().orElse(null);
    }

    @Test
    void confidentialDataGoesToAPoolOnPremisesAndNeverToTheCloud() {
        Decision publicData = Decider.decide(request(DataClass.PUBLIC), snapshot(), policy());
        Decision confidential = Decider.decide(request(DataClass.CONFIDENTIAL), snapshot(), policy());
        Decision restricted = Decider.decide(request(DataClass.RESTRICTED), snapshot(), policy());

        assertThat(publicData.target()).isEqualTo("openai/gpt-4o");
        assertThat(confidential.target()).isEqualTo("vllm/llama");
        assertThat(rejection(confidential, "openai/gpt-4o")).isEqualTo(ReasonCode.DATA_CLASS_NOT_ALLOWED);
        assertThat(confidential.targetsInOrder()).doesNotContain("openai/gpt-4o");
        assertThat(restricted.target()).isEqualTo("vllm/llama");
        assertThat(restricted.targetsInOrder()).doesNotContain("openai/gpt-4o");
    }

    @Test
    void privateOnlyRequestsMayUseThePoolsOnPremises() {
        Decision d = Decider.decide(request(DataClass.PUBLIC).withPriority(Priority.PRIVATE_ONLY), snapshot(),
                policy());

        assertThat(d.target()).isEqualTo("vllm/llama");
        assertThat(rejection(d, "openai/gpt-4o")).isEqualTo(ReasonCode.PRIVATE_ONLY);
    }

    @Test
    void aStaleReadingRejectsThePoolWithTheReasonAndTheNextPoolTakesIt() {
        CapacitySnapshot silent = snapshot().with(vllm(3, 0, 0.3, NOW.minusSeconds(11))
                .failed(NOW.minusSeconds(1), "ConnectException (http://vllm.internal:8000/metrics)"));

        Decision d = Decider.decide(request(DataClass.CONFIDENTIAL), silent, policy());

        assertThat(d.target()).isEqualTo("peer/auto");
        assertThat(d.rejected()).filteredOn(r -> r.target().equals("vllm/llama")).singleElement()
                .satisfies(r -> {
                    assertThat(r.reason()).isEqualTo(ReasonCode.POOL_STALE);
                    assertThat(r.detail()).isEqualTo("pool vllm last answered 11 s ago (stale after 10 s); last poll: "
                            + "ConnectException (http://vllm.internal:8000/metrics)");
                });
    }

    @Test
    void aPoolWithNoReadingYetIsNotChosen() {
        CapacitySnapshot none = snapshot().with(PoolReading.none("vllm"));

        Decision d = Decider.decide(request(DataClass.CONFIDENTIAL), none, policy());

        assertThat(rejection(d, "vllm/llama")).isEqualTo(ReasonCode.POOL_STALE);
    }

    @Test
    void aFullPoolIsRejectedAsFullAndABusyPeerToo() {
        CapacitySnapshot busy = snapshot().with(vllm(60, 9, 0.5, NOW)).with(peer(2, 2, 4, NOW));

        Decision d = Decider.decide(request(DataClass.CONFIDENTIAL), busy, policy());

        assertThat(d.target()).isEqualTo("small");
        assertThat(rejection(d, "vllm/llama")).isEqualTo(ReasonCode.POOL_FULL);
        assertThat(rejection(d, "peer/auto")).isEqualTo(ReasonCode.POOL_FULL);
        assertThat(d.rejected()).extracting(Decision.Rejection::detail)
                .contains("pool vllm: 60 running and 9 waiting (limit 8)",
                        "pool peer: all 2 slots busy and 4 waiting (queue limit 4)");
    }

    @Test
    void withTheOwnModelsBusyAPoolWithRoomTakesTheRequestAndTheDecisionSaysItOverflowed() {
        Policy localOnly = PolicyReader.parse(YAML.replace("  - id: openai/gpt-4o", "  - id: openai/unused")
                .replace("models: [gpt-4o]", "models: [unused]"), "no cloud", ENV);
        CapacitySnapshot ownBusy = snapshot().with(TargetCapacity.idle("small", 2, 0).withLoad(2, 0))
                .with(vllm(60, 9, 0.5, NOW)) // full: the peer is what is left
                .with(TargetCapacity.idle("openai/unused", 1, 0).withState(TargetCapacity.State.FAILED));
        Map<String, CapacitySnapshot.StickyChoice> stuck = Map.of(request(DataClass.INTERNAL).similarityBucket(),
                new CapacitySnapshot.StickyChoice("small", NOW.minusSeconds(1)));

        Decision d = Decider.decide(request(DataClass.INTERNAL), ownBusy.withSticky(stuck), localOnly);

        assertThat(d.target()).isEqualTo("peer/auto");
        assertThat(d.reasons()).extracting(Decision.Reason::code).contains(ReasonCode.POOL_OVERFLOW)
                .doesNotContain(ReasonCode.STICKY);
        assertThat(d.reasons()).filteredOn(r -> r.code() == ReasonCode.POOL_OVERFLOW).singleElement()
                .extracting(Decision.Reason::detail).asString().contains("small 2/2 slots busy, 0 queued");
    }

    @Test
    void theDecisionLogKeepsThePoolReadingsSoAReplayJudgesThemAlike() {
        CapacitySnapshot silent = snapshot().with(vllm(3, 0, 0.3, NOW.minusSeconds(11))
                .failed(NOW.minusSeconds(1), "HTTP 503 from http://vllm.internal:8000/metrics"));
        Decision logged = Decider.decide(request(DataClass.CONFIDENTIAL), silent, policy());

        var pools = dev.gatehouse.router.decisionlog.DecisionJson.pools(
                dev.gatehouse.router.decisionlog.DecisionJson.of(logged).get("capacity"));
        Decision replayed = Decider.decide(request(DataClass.CONFIDENTIAL), new CapacitySnapshot(NOW,
                silent.targets(), Map.of(), EscalationSnapshot.none(), pools), policy());

        assertThat(pools).isEqualTo(silent.pools());
        assertThat(replayed.target()).isEqualTo(logged.target()).isEqualTo("peer/auto");
        assertThat(rejection(replayed, "vllm/llama")).isEqualTo(ReasonCode.POOL_STALE);
    }

    @Test
    void aPoolOnPremisesIsNoEscalation() {
        Policy policy = PolicyReader.parse(YAML + """
                escalation: {tenants: [acme]}
                """, "only acme escalates", ENV);

        Decision anonymous = Decider.decide(request(DataClass.PUBLIC), snapshot(), policy);

        assertThat(rejection(anonymous, "openai/gpt-4o")).isEqualTo(ReasonCode.TENANT_MAY_NOT_ESCALATE);
        assertThat(anonymous.target()).isEqualTo("vllm/llama");
        assertThat(EnumSet.of(ReasonCode.POOL_FULL, ReasonCode.POOL_STALE)).allMatch(ReasonCode::isTemporaryGate);
    }
}
