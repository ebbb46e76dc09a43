package dev.gatehouse.router.decisionbench;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.manifest.Tier;
import dev.gatehouse.router.difficulty.DifficultyModel;
import dev.gatehouse.router.features.ChatInput;
import dev.gatehouse.router.features.FeatureExtractor;
import dev.gatehouse.router.features.MiniLmEmbedder;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.features.TaskClassifier;
import dev.gatehouse.router.policy.CapacitySnapshot;
import dev.gatehouse.router.policy.Decider;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.policy.Target;
import dev.gatehouse.router.policy.TargetCapacity;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.PrivacyScanner;
import dev.gatehouse.router.routing.RouterSetup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Decision latency: features of a 512-token prompt plus {@link Decider#decide}, on the rules-only path (keyword
 * classifier, no embedding) and with MiniLM embeddings for the semantic classifier and the learned difficulty model,
 * over 4 or 1,000 targets. Both paths run the production privacy scanner (detectors + strict egress).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionBenchmark {

    /** About 512 tokens of a realistic coding request. */
    static final String PROMPT = ("I have a Spring Boot service that reads orders from a Kafka topic and writes them "
            + "to Postgres. Under load the consumer lags and some orders are written twice. Here is the listener: "
            + "```java\n@KafkaListener(topics = \"orders\")\npublic void on(Order o) { repo.save(o); ack(); }\n```\n"
            + "Explain why duplicates happen, how to make the write idempotent, and rewrite the listener with batch "
            + "inserts and manual offset commits. ").repeat(4);

    @Param({"4", "1000"})
    public int targets;

    Policy policy;
    CapacitySnapshot snapshot;
    ChatInput input;
    FeatureExtractor rulesOnly;
    FeatureExtractor semantic;
    MiniLmEmbedder embedder;
    long fresh;

    @Setup(Level.Trial)
    public void setUp() {
        Policy base = PolicyReader.defaults();
        List<Target> list = new ArrayList<>();
        Map<String, TargetCapacity> capacity = new HashMap<>();
        for (int i = 0; i < targets; i++) {
            boolean local = i % 2 == 0;
            String id = local ? "local-" + i : "provider" + i + "/model";
            list.add(new Target(id, local, Tier.values()[i % 3], Map.of("coding", 0.3 + (i % 61) / 100.0),
                    0.5, local ? EnumSet.allOf(DataClass.class) : EnumSet.of(DataClass.PUBLIC), local ? 0 : 0.001,
                    local ? 0 : 0.003, 8192, 20 + i % 17, 3000, local ? 0 : 400, Set.of(), false));
            capacity.put(id, new TargetCapacity(id, i % 5 == 0 ? TargetCapacity.State.COLD
                    : TargetCapacity.State.LOADED, 2, i % 3, i % 2, 8, 8192, -1, 0));
        }
        policy = base.withTargets(list);
        snapshot = new CapacitySnapshot(Instant.parse("2025-01-01T00:00:00Z"), capacity, Map.of());
        input = inputOf(PROMPT);
        PrivacyScanner scanner = RouterSetup.scanner(base); // the production scanner: detectors + strict egress
        rulesOnly = new FeatureExtractor(null, scanner, (p, e) -> 0.6, TaskClassifier.build(base.categories(), null));
        embedder = MiniLmEmbedder.open();
        semantic = new FeatureExtractor(embedder, scanner, DifficultyModel.builtin(),
                TaskClassifier.build(base.categories(), embedder));
    }

    static ChatInput inputOf(String prompt) {
        return new ChatInput(List.of(new ChatMessage(ChatMessage.Role.USER, prompt)), 512, false, false, null,
                new RequestFeatures.Requested("bench", null, Priority.BALANCED, null));
    }

    /** The embedding path's decision for any input (the benchmark methods use the fixed prompt). */
    Decision decide(ChatInput any) {
        return Decider.decide(semantic.extract(any), snapshot, policy);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        embedder.close();
    }

    @Benchmark
    public Decision rulesOnly() {
        return Decider.decide(rulesOnly.extract(input), snapshot, policy);
    }

    /** A new prompt every call (the extractor remembers the features of a repeated one): MiniLM runs each time. */
    @Benchmark
    public Decision withEmbeddingClassifier() {
        return Decider.decide(semantic.extract(inputOf("Request " + (fresh++) + ". " + PROMPT)), snapshot, policy);
    }

    /** The same prompt every call: the category and difficulty come from the extractor's cache. */
    @Benchmark
    public Decision withEmbeddingRepeatedPrompt() {
        return Decider.decide(semantic.extract(input), snapshot, policy);
    }
}
