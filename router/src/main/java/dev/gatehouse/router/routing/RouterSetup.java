package dev.gatehouse.router.routing;

import dev.gatehouse.router.learning.LearnedRouterArtifact;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.ModelStatus;
import dev.gatehouse.inference.toolcall.ToolCallFormat;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.TaskKind;
import dev.gatehouse.router.decisionlog.DecisionLog;
import dev.gatehouse.router.difficulty.DifficultyModel;
import dev.gatehouse.router.difficulty.DifficultyScorer;
import dev.gatehouse.router.features.FeatureExtractor;
import dev.gatehouse.router.features.TaskClassifier;
import dev.gatehouse.router.features.TextEmbedder;
import dev.gatehouse.router.policy.LocalTargets;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.policy.PrivacyRules;
import dev.gatehouse.router.privacy.PrivacyScanner;
import dev.gatehouse.router.privacy.SensitiveDataScanner;
import dev.gatehouse.router.privacy.StrictEgressScanner;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Builds a {@link RequestRouter} from its parts: the policy joined with the pool's models, the extractor, the log. */
public final class RouterSetup {

    private RouterSetup() {}

    /**
     * The built-in detectors: every privacy detector, and the built-in learned difficulty model when there is an
     * embedder (a difficulty of 0.5 without one).
     *
     * @param embedder null for the rules-only classifier
     * @param log      null for no decision log
     */
    public static RequestRouter build(Policy policy, String policySource, ModelPool pool, int maxQueue,
            TextEmbedder embedder, DecisionLog log, Clock clock) {
        return build(policy, policySource, pool, maxQueue, embedder, scanner(policy),
                embedder == null ? InterimDetectors.midpoint() : DifficultyModel.builtin(), log, clock);
    }

    /** The built-in detectors plus the policy's own patterns and term lists, under the policy's egress rule. */
    public static PrivacyScanner scanner(Policy policy) {
        var classes = policy.privacy().findingClasses();
        var detectors = new SensitiveDataScanner(policy.privacy().patterns(), policy.privacy().termLists(), classes);
        return policy.privacy().egress() == PrivacyRules.Egress.STRICT ? new StrictEgressScanner(detectors, classes)
                : detectors;
    }

    public static RequestRouter build(Policy policy, String policySource, ModelPool pool, int maxQueue,
            TextEmbedder embedder, PrivacyScanner scanner, DifficultyScorer scorer, DecisionLog log, Clock clock) {
        return build(policy, policySource, pool, maxQueue, embedder, scanner, scorer, log, clock,
                Outbound.connect(policy.escalation(), clock));
    }

    /** @param outbound the providers' clients, budgets and cap (tests build it with their own breaker settings) */
    public static RequestRouter build(Policy policy, String policySource, ModelPool pool, int maxQueue,
            TextEmbedder embedder, PrivacyScanner scanner, DifficultyScorer scorer, DecisionLog log, Clock clock,
            Outbound outbound) {
        Policy complete = joinPool(policy, policySource, pool);
        var extractor = new FeatureExtractor(embedder, scanner, scorer,
                TaskClassifier.build(complete.categories(), embedder, complete.categoryMethod()));
        var capacity = new CapacityTracker(pool, maxQueue, complete.hysteresis().maxBuckets(), clock);
        return new RequestRouter(complete, extractor, capacity, log, outbound, scanner);
    }

    /**
     * {@code policy} joined with the pool's models, as the router serves it; a candidate or shadow policy is joined
     * the same way before it is tried.
     *
     * @throws dev.gatehouse.manifest.ConfigException naming each local target the pool lacks, or what is wrong with
     *         the {@code learnedRouter:} artifact (loaded here, once)
     */
    public static Policy joinPool(Policy policy, String policySource, ModelPool pool) {
        List<ModelSpec> models = pool.status().stream().map(ModelStatus::spec).toList();
        Set<String> toolCapable = models.stream().filter(m -> m.serves(TaskKind.CHAT))
                .filter(m -> ToolCallFormat.supportedBy(pool.chatTemplate(m))).map(ModelSpec::id)
                .collect(Collectors.toSet());
        return LearnedRouterArtifact.attach(LocalTargets.complete(policy, models, toolCapable, policySource),
                policySource);
    }

    /** The built-in policy, keyword rules only, no log: what tests and benchmarks of other features get. */
    public static RequestRouter defaults(ModelPool pool, int maxQueue) {
        return build(PolicyReader.defaults(), "built-in default policy", pool, maxQueue, null, null,
                Clock.systemUTC());
    }
}
