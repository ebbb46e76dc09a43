package dev.gatehouse.router.routing;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.router.decisionlog.DecisionLog;
import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.escalation.EscalationRateCap;
import dev.gatehouse.router.features.ChatInput;
import dev.gatehouse.router.features.FeatureExtractor;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.feedback.Feedback;
import dev.gatehouse.router.feedback.FeedbackLog;
import dev.gatehouse.router.policy.CapacitySnapshot;
import dev.gatehouse.router.policy.Decider;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.EmbeddingNeed;
import dev.gatehouse.router.policy.LearnedRouter;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.ReasonCode;
import dev.gatehouse.router.policy.SuccessForecast;
import dev.gatehouse.router.policy.Target;
import dev.gatehouse.router.privacy.PrivacyScanner;
import dev.gatehouse.router.rollout.ArmTally;
import dev.gatehouse.router.rollout.RolloutArm;
import dev.gatehouse.router.rollout.Trial;
import dev.gatehouse.router.shadow.ShadowDecider;
import dev.gatehouse.router.tools.ToolMatches;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The routing shell around the pure decision: features from the request, a capacity snapshot, {@link Decider#decide},
 * then the effects (remember the choice for hysteresis, measure speed, write the decision log).
 */
public final class RequestRouter {

    private static final Logger LOG = Logger.getLogger(RequestRouter.class.getName());

    /** Swapped whole by {@link #replacePolicy} on a configuration reload: every read sees one whole policy. */
    private volatile Policy policy;
    private final FeatureExtractor extractor;
    private final CapacityTracker capacity;
    private final DecisionLog log;
    /** Opened on the first judgement; lives as long as the server (each line is flushed as it is written). */
    private FeedbackLog feedbackLog;
    private final Outbound outbound;
    private final PrivacyScanner scanner;
    private final dev.gatehouse.router.audit.AuditTrail audit;
    /** Told of every finished request with its decision (metrics, the dashboard); they must not block. */
    private final List<BiConsumer<Decision, Outcome>> finishedListeners = new CopyOnWriteArrayList<>();
    /** The candidate and shadow policies tried beside the live one; swapped whole, read once per request. */
    private volatile Trial trial = Trial.NONE;
    /** Requests, latency, cost, escalations and feedback of each rollout arm, and how often the shadow differs. */
    private final ArmTally arms;

    /**
     * @param log null to keep no decision log
     */
    public RequestRouter(Policy policy, FeatureExtractor extractor, CapacityTracker capacity, DecisionLog log,
            Outbound outbound, PrivacyScanner scanner) {
        this(policy, extractor, capacity, log, outbound, scanner, null);
    }

    /** @param audit the hash-chained audit log every finished decision is written to, or null */
    public RequestRouter(Policy policy, FeatureExtractor extractor, CapacityTracker capacity, DecisionLog log,
            Outbound outbound, PrivacyScanner scanner, dev.gatehouse.router.audit.AuditTrail audit) {
        this(policy, extractor, capacity, log, outbound, scanner, audit, new ArmTally());
    }

    private RequestRouter(Policy policy, FeatureExtractor extractor, CapacityTracker capacity, DecisionLog log,
            Outbound outbound, PrivacyScanner scanner, dev.gatehouse.router.audit.AuditTrail audit, ArmTally arms) {
        this.arms = arms;
        this.audit = audit;
        this.policy = servable(Objects.requireNonNull(policy, "policy"));
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.capacity = Objects.requireNonNull(capacity, "capacity");
        this.log = log;
        this.outbound = Objects.requireNonNull(outbound, "outbound");
        this.scanner = Objects.requireNonNull(scanner, "scanner");
    }

    /** This router writing each finished decision to the audit log as well. */
    public RequestRouter withAudit(dev.gatehouse.router.audit.AuditTrail auditTrail) {
        RequestRouter withAudit = new RequestRouter(policy, extractor, capacity, log, outbound, scanner, auditTrail,
                arms);
        withAudit.trial = trial;
        return withAudit;
    }

    public Outbound outbound() {
        return outbound;
    }

    /** The scanner the features came from, for masking what goes to a provider. */
    public PrivacyScanner scanner() {
        return scanner;
    }

    public Policy policy() {
        return policy;
    }

    /**
     * Decides with {@code complete} (already joined with the pool's models) from the next request on. The privacy
     * scanner, the task categories and the provider clients were built from the first policy and stay.
     */
    public void replacePolicy(Policy complete) {
        this.policy = servable(Objects.requireNonNull(complete, "policy"));
    }

    /** A policy whose learned router was never loaded would fail every request: refuse it before it serves one. */
    private static Policy servable(Policy policy) {
        if (policy != null && policy.learnedRouter() != null && !policy.learnedRouter().loaded()) {
            throw new IllegalStateException("learnedRouter artifact " + policy.learnedRouter().artifact()
                    + " is not loaded: complete the policy with RouterSetup.joinPool first");
        }
        return policy;
    }

    /**
     * The request's features, the embedding only when a decision can read it ({@link EmbeddingNeed}): the live
     * policy's, or the candidate's or the shadow's (the arm is chosen after the features, so any of them may decide).
     */
    public RequestFeatures features(ChatInput input) {
        Trial trial = this.trial;
        String pin = input.request().pinnedModel();
        boolean needed = EmbeddingNeed.of(policy, pin).needed()
                || trial.candidate() != null && EmbeddingNeed.of(trial.candidate(), pin).needed()
                || trial.shadow() != null && EmbeddingNeed.of(trial.shadow(), pin).needed();
        return extractor.extract(input, needed);
    }

    /**
     * Decides for a request that will be served: the choice becomes sticky for similar requests, and the request
     * counts for the escalation cap. The cap's peek is an input of the pure decision; a provider choice then takes
     * its place under the cap atomically, and if another request took the last place meanwhile, the decision is
     * made again with the cap closed.
     *
     * @param apiKeyId SHA-256 of the client's API key, or null
     */
    public Decision decide(RequestFeatures features, String apiKeyId) {
        return route(features, apiKeyId).decision();
    }

    /**
     * A decision for a request that will be served, and whether it took the request's one place under the
     * escalation cap (it chose a target outside the premises): a later hop outside takes the place only if not.
     */
    public record Routed(Decision decision, boolean holdsEscalationPlace, Policy policy, ToolMatches tools) {
        /**
         * @param policy the policy that decided (the live one or the candidate): the request keeps it to the end
         * @param tools  that policy's tools that understood the whole question (a chosen tool answers from them)
         */
        public Routed {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(tools, "tools");
        }
    }

    /** {@link #decide}, saying whether the request now holds its place under the escalation cap. */
    public Routed route(RequestFeatures features, String apiKeyId) {
        return route(features, apiKeyId, null, List.of());
    }

    /**
     * {@link #route(RequestFeatures, String)} with the rollout arm chosen for this request (by tenant or key, by
     * {@code clientAddress} only without either) and the shadow policy deciding beside it; the arm's policy's tools
     * are asked whether they understand the whole question in {@code messages}.
     */
    public Routed route(RequestFeatures features, String apiKeyId, String clientAddress, List<ChatMessage> messages) {
        ArmChoice arm = chooseArm(features, apiKeyId, clientAddress);
        Policy policy = arm.policy();
        ToolMatches tools = toolsOf(policy, messages);
        CapacitySnapshot snapshot = snapshot(features, apiKeyId, policy);
        Instant now = snapshot.now();
        EscalationRateCap cap = outbound.rateCap();
        EscalationRateCap.Verdict peek = cap.peek(now);
        CapacitySnapshot capped = withCap(snapshot, features, apiKeyId, peek);
        SuccessForecast forecast = LearnedRouter.forecast(policy, features); // outside the decision: it stays pure
        Decision decision = Decider.decide(features, capped, policy, tools, forecast);
        boolean holdsPlace = false;
        if (escalates(decision)) {
            EscalationRateCap.Verdict verdict = cap.tryEscalate(now);
            holdsPlace = verdict.allowed();
            if (!verdict.allowed()) {
                decision = Decider.decide(features, withCap(snapshot, features, apiKeyId, verdict), policy, tools,
                        forecast);
            }
        } else {
            cap.countRequest(now);
            if (decision.rejected().stream().anyMatch(r -> r.reason() == ReasonCode.ESCALATION_RATE_CAPPED)) {
                cap.bit(peek);
            }
        }
        capacity.remember(decision);
        return new Routed(withShadow(decision, arm, features, apiKeyId, snapshot, peek, tools, messages), holdsPlace,
                policy, tools);
    }

    private RolloutArm arm(Trial trial, Policy live, RequestFeatures features, String apiKeyId,
            String clientAddress) {
        if (!trial.hasRollout()) return null;
        String tenant = features.request().tenant();
        String tier = tenant == null ? null : live.tenant(tenant).map(dev.gatehouse.router.policy.Tenant::tier)
                .orElse(null);
        return trial.arm(tenant, tier, apiKeyId, clientAddress);
    }

    /** The shadow sees the capacity the served decision saw; only its own provider targets are added. */
    private CapacitySnapshot shadowSnapshot(Trial trial, RequestFeatures features, String apiKeyId,
            CapacitySnapshot served, Policy servedPolicy, EscalationRateCap.Verdict peek) {
        if (trial.shadow() == null) return null;
        if (trial.shadow() == servedPolicy) return withCap(served, features, apiKeyId, peek);
        var targets = new java.util.HashMap<>(served.targets());
        targets.putAll(outbound.capacities(trial.shadow(), served.pools(), capacity::measuredSpeed));
        return withCap(new CapacitySnapshot(served.now(), targets, served.sticky(),
                dev.gatehouse.router.policy.EscalationSnapshot.none(), served.pools()), features, apiKeyId, peek);
    }

    /** {@link #decide(RequestFeatures, String)} for a request without an API key. */
    public Decision decide(RequestFeatures features) {
        return decide(features, null);
    }

    /** {@link #dryRun(RequestFeatures, String)} for a request without an API key. */
    public Decision dryRun(RequestFeatures features) {
        return dryRun(features, null);
    }

    /** Decides without serving ({@code /v1/route}): nothing is remembered or counted. */
    public Decision dryRun(RequestFeatures features, String apiKeyId) {
        return dryRun(features, apiKeyId, null, List.of());
    }

    /** {@link #dryRun(RequestFeatures, String)} on the request's rollout arm, with the shadow's decision beside it. */
    public Decision dryRun(RequestFeatures features, String apiKeyId, String clientAddress,
            List<ChatMessage> messages) {
        ArmChoice arm = chooseArm(features, apiKeyId, clientAddress);
        Policy policy = arm.policy();
        ToolMatches tools = toolsOf(policy, messages);
        CapacitySnapshot snapshot = snapshot(features, apiKeyId, policy);
        EscalationRateCap.Verdict peek = outbound.rateCap().peek(snapshot.now());
        Decision decision = Decider.decide(features, withCap(snapshot, features, apiKeyId, peek), policy, tools,
                LearnedRouter.forecast(policy, features));
        return withShadow(decision, arm, features, apiKeyId, snapshot, peek, tools, messages);
    }

    /** The policy's tools that understand the whole question, today being the UTC date of the outbound clock. */
    private ToolMatches toolsOf(Policy policy, List<ChatMessage> messages) {
        return ToolMatches.find(policy.tools(), messages, LocalDate.ofInstant(outbound.now(), ZoneOffset.UTC));
    }

    /** The trial read once (promote or rollback during the request does not cut it), the arm and its policy. */
    private record ArmChoice(Trial trial, RolloutArm arm, Policy policy) {
    }

    private ArmChoice chooseArm(RequestFeatures features, String apiKeyId, String clientAddress) {
        Trial trial = this.trial;
        Policy live = this.policy;
        RolloutArm arm = arm(trial, live, features, apiKeyId, clientAddress);
        return new ArmChoice(trial, arm, arm == RolloutArm.CANDIDATE ? trial.candidate() : live);
    }

    /**
     * The decision with its arm named and the shadow's decision beside it; the shadow's own tools are asked, as the
     * arm's were ({@code armTools}, reused when the shadow is the arm's policy).
     */
    private Decision withShadow(Decision decision, ArmChoice arm, RequestFeatures features, String apiKeyId,
            CapacitySnapshot snapshot, EscalationRateCap.Verdict peek, ToolMatches armTools,
            List<ChatMessage> messages) {
        Policy shadow = arm.trial().shadow();
        ToolMatches shadowTools = shadow == null ? ToolMatches.NONE
                : shadow == arm.policy() ? armTools : toolsOf(shadow, messages);
        return ShadowDecider.beside(decision, arm.arm() == null ? null : arm.arm().wireName(), features,
                shadowSnapshot(arm.trial(), features, apiKeyId, snapshot, arm.policy(), peek), shadow, shadowTools);
    }

    /**
     * The policy that made {@code decision}: the candidate for its candidate arm while the rollout lasts, else the
     * live one (after a promotion the candidate is the live one).
     */
    public Policy policyFor(Decision decision) {
        Trial trial = this.trial;
        return RolloutArm.CANDIDATE.wireName().equals(decision.arm()) && trial.hasRollout() ? trial.candidate()
                : policy;
    }

    /** The policies under trial now. */
    public Trial trial() {
        return trial;
    }

    /** Tries {@code next} (its policies already joined with the pool's models) from the next request on. */
    public synchronized void startTrial(Trial next) {
        servable(next.candidate());
        servable(next.shadow());
        this.trial = Objects.requireNonNull(next, "trial");
    }

    /**
     * Makes the candidate the live policy from the next request on; requests already decided keep their policy.
     *
     * @return the promoted policy, or empty when no rollout is under way (nothing changes)
     */
    public synchronized java.util.Optional<Policy> promote() {
        Trial now = trial;
        if (!now.hasRollout()) return java.util.Optional.empty();
        // live first: a request that read the old trial and then reads the live policy is served by the candidate
        this.policy = now.candidate();
        this.trial = now.afterPromotion();
        return java.util.Optional.of(now.candidate());
    }

    /** Sends every request to the live policy again; false when no rollout is under way. */
    public synchronized boolean rollback() {
        if (!trial.hasRollout()) return false;
        trial = trial.withRollback();
        return true;
    }

    /** The per-arm counts behind {@code /metrics} and {@code GET /v1/admin/rollout}. */
    public ArmTally arms() {
        return arms;
    }

    /** Whether the decision sends the request to a provider first. */
    public boolean escalates(Decision decision) {
        return !decision.refused() && policyFor(decision).target(decision.target()).map(Target::escalates)
                .orElse(false);
    }

    private CapacitySnapshot snapshot(RequestFeatures features, String apiKeyId, Policy policy) {
        CapacitySnapshot local = capacity.snapshot();
        var targets = new java.util.HashMap<>(local.targets());
        var pools = outbound.pools().readings();
        targets.putAll(outbound.capacities(policy, pools, capacity::measuredSpeed));
        return new CapacitySnapshot(local.now(), targets, local.sticky(),
                dev.gatehouse.router.policy.EscalationSnapshot.none(), pools);
    }

    private CapacitySnapshot withCap(CapacitySnapshot snapshot, RequestFeatures features, String apiKeyId,
            EscalationRateCap.Verdict cap) {
        return snapshot.with(outbound.snapshot(features.request().tenant(), apiKeyId, snapshot.now(), cap));
    }

    /** The keyed hash the log writes instead of the prompt, or null without a log. */
    public String promptHash(ChatInput input) {
        return log == null ? null : log.hash(input.conversationText());
    }

    /** After the response: measure the target's speed, write the decision log line and the audit entry. */
    public void finished(Decision decision, Outcome outcome, String promptHash) {
        finished(decision, outcome, promptHash, null);
    }

    /**
     * {@link #finished(Decision, Outcome, String)} for a request held for human review: the log line and the audit
     * entry say who decided it and when.
     */
    public void finished(Decision decision, Outcome outcome, String promptHash,
            dev.gatehouse.router.decisionlog.ReviewMark review) {
        if (outcome.servedBy() != null && outcome.generationNanos() > 0) {
            capacity.measured(outcome.servedBy(), outcome.completionTokens(), outcome.generationNanos());
        }
        if (log != null) {
            log.append(decision, outcome, promptHash, review);
        }
        if (audit != null) {
            audit.decision(decision, outcome, review);
        }
        arms.finished(decision, outcome, servedOutside(decision, outcome));
        for (BiConsumer<Decision, Outcome> listener : finishedListeners) {
            try {
                listener.accept(decision, outcome);
            } catch (RuntimeException e) { // a view's bug must not fail the request it watched
                LOG.log(Level.WARNING, "a decision listener failed", e);
            }
        }
    }

    /** Whether a provider (a target outside the premises) answered: an escalation, for the per-arm counts. */
    private boolean servedOutside(Decision decision, Outcome outcome) {
        return outcome.servedBy() != null && policyFor(decision).target(outcome.servedBy()).map(Target::escalates)
                .orElse(false);
    }

    /**
     * Adds a hook told of each decision with its outcome once the response is done, dry runs included (the outcome
     * says so), right where the decision log line is written; it sees what the log sees, never prompt text.
     */
    public void onFinished(BiConsumer<Decision, Outcome> listener) {
        finishedListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The capacity the next decision would see: states, queues and measured speed of the local models. */
    public CapacitySnapshot capacity() {
        return capacity.snapshot();
    }

    /** The decision log, for its health and metrics; empty when none is kept. */
    public java.util.Optional<DecisionLog> decisionLog() {
        return java.util.Optional.ofNullable(log);
    }

    /**
     * Records a judgement of a logged decision beside the decision log and in its rollout arm's tally (the latest
     * judgement of a decision replaces an earlier one there). One feedback log per server, so that judgements of
     * one decision are ordered by one lock.
     *
     * @param arm the rollout arm the decision log names for it, or null
     * @return false when no decision log is kept: the judgement would have nothing to attach to
     * @throws IOException when it cannot be written (nothing is acknowledged then)
     */
    public boolean recordFeedback(String arm, Feedback feedback)
            throws IOException {
        if (log == null) return false;
        FeedbackLog judged;
        synchronized (this) {
            if (feedbackLog == null) feedbackLog = FeedbackLog.open(log.dir());
            judged = feedbackLog;
        }
        arms.feedback(arm, judged.append(feedback), feedback.score());
        return true;
    }

    /** The folder of the decision log, where feedback is kept beside it; empty when no decision log is kept. */
    public java.util.Optional<java.nio.file.Path> decisionLogDir() {
        return log == null ? java.util.Optional.empty() : java.util.Optional.of(log.dir());
    }
}
