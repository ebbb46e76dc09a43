package dev.gatehouse.router.serving;

import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.router.cascade.AnswerCheck;
import dev.gatehouse.router.cascade.CandidateAnswer;
import dev.gatehouse.router.cascade.QualityGate;
import dev.gatehouse.router.escalation.FallbackChain;
import dev.gatehouse.router.escalation.FallbackChain.Answer;
import dev.gatehouse.router.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The cascade: the local answer is generated in full and buffered, checked by the quality gate, and sent only if
 * it passes; if it fails, the request escalates to the decision's provider (when the escalation cap still has
 * room). A streaming client therefore sees nothing until the gate has decided, then either the buffered local
 * answer (replayed as chunks) or the provider's answer as it streams. If the escalation fails too, the local answer
 * is sent after all: an answer that failed a check beats none.
 */
final class Cascade {

    private static final Logger LOG = Logger.getLogger(Cascade.class.getName());

    /** What happened, for the {@code x-gatehouse-cascade} header: passed, escalated, or kept (escalation failed). */
    record Result(Answer<String> answer, String outcome) {}

    private Cascade() {}

    /** @param targets the local targets in order, then the provider the decision escalates to */
    /**
     * @param clientLogprobs whether the client asked for logprobs; the gate may have had the model give them for its
     *                       confidence check, and then they are taken out of the answer the client gets
     */
    static Result run(FallbackChain<String> chain, List<String> targets, String escalateTo, QualityGate gate,
            boolean jsonRequested, boolean clientLogprobs, Policy policy) {
        Answer<String> first = chain.run(targets);
        if (policy.target(first.target()).orElseThrow().isProvider()) {
            return new Result(first, "escalated"); // the local targets failed outright; a provider answered
        }
        List<TokenEvent> events = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        List<Double> logprobs = new ArrayList<>();
        try (TokenStream tokens = first.tokens()) {
            TokenEvent event;
            while ((event = tokens.next()) instanceof TokenEvent.Text piece) {
                events.add(clientLogprobs ? piece : new TokenEvent.Text(piece.text()));
                text.append(piece.text());
                piece.logprobs().forEach(lp -> logprobs.add(lp.logprob()));
            }
            events.add(event);
        }
        TokenEvent.End end = (TokenEvent.End) events.getLast();
        QualityGate.Result verdict = gateFor(gate, jsonRequested).check(new CandidateAnswer(text.toString(),
                end.finishReason(), logprobs.isEmpty() ? null : logprobs));
        if (!verdict.notRun().isEmpty()) {
            LOG.info(() -> "cascade: on " + first.target() + " these checks could not run: " + verdict.notRun());
        }
        Answer<String> local = new Answer<>(first.target(), new ReplayedTokens(events), first.failures());
        if (verdict.passed()) {
            return new Result(local, "passed" + notRun(verdict));
        }
        try { // the escalation takes the request's place under the cap in TargetAttempts, or is refused there
            Answer<String> escalated = chain.run(List.of(escalateTo));
            LOG.fine(() -> "cascade: " + verdict.failingCheck() + " failed (" + verdict.detail() + "), escalated");
            return new Result(escalated, "escalated:" + verdict.failingCheck() + notRun(verdict));
        } catch (RuntimeException e) {
            LOG.info("cascade: escalation to " + escalateTo + " failed (" + e.getMessage() + "); sending the local "
                    + "answer that failed " + verdict.failingCheck());
            return new Result(local, "kept:" + verdict.failingCheck() + notRun(verdict));
        }
    }

    /** {@code ;not_run:confidence} for each check that could not judge the answer, so a pass is not overstated. */
    private static String notRun(QualityGate.Result verdict) {
        StringBuilder s = new StringBuilder();
        verdict.notRun().forEach(n -> s.append(";not_run:").append(n, 0, n.indexOf(':')));
        return s.toString();
    }

    /** JSON validity is checked only when the request asked for JSON. */
    private static QualityGate gateFor(QualityGate gate, boolean jsonRequested) {
        if (jsonRequested) return gate;
        return new QualityGate(gate.checks().stream().filter(c -> !(c instanceof AnswerCheck.ValidJson)).toList());
    }
}
