package dev.gatehouse.router.cascade;

import java.util.List;
import java.util.Optional;

/**
 * The cascade's gate: a local answer passes when every check passes, checked in order; the first failing check is
 * the reason to escalate. The cascade buffers the local answer, so a streaming client sees nothing until the gate
 * has decided (then the passed local answer, or the escalated answer as it streams).
 */
public record QualityGate(List<AnswerCheck> checks) {

    public QualityGate {
        checks = List.copyOf(checks);
    }

    /** Non-empty, not a refusal. */
    public static QualityGate defaults() {
        return new QualityGate(List.of(new AnswerCheck.NonEmpty(), AnswerCheck.NotRefusal.defaults()));
    }

    public Result check(CandidateAnswer answer) {
        for (AnswerCheck check : checks) {
            Optional<String> failure = check.failure(answer);
            if (failure.isPresent()) {
                return new Result(false, check.name(), failure.get());
            }
        }
        return Result.PASSED;
    }

    /** @param failingCheck the first check that failed, null when passed; @param detail why, null when passed */
    public record Result(boolean passed, String failingCheck, String detail) {
        public static final Result PASSED = new Result(true, null, null);
    }
}
