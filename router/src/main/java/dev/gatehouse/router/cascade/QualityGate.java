package dev.gatehouse.router.cascade;

import java.util.ArrayList;
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
        List<String> notRun = new ArrayList<>();
        for (AnswerCheck check : checks) {
            check.notRun(answer).ifPresent(why -> notRun.add(check.name() + ": " + why));
            Optional<String> failure = check.failure(answer);
            if (failure.isPresent()) {
                return new Result(false, check.name(), failure.get(), notRun);
            }
        }
        return new Result(true, null, null, notRun);
    }

    /** Whether a check reads token log-probabilities, so the local model must be asked for them. */
    public boolean readsLogprobs() {
        return checks.stream().anyMatch(c -> c instanceof AnswerCheck.Confident);
    }

    /**
     * @param failingCheck the first check that failed, null when passed
     * @param detail       why, null when passed
     * @param notRun       "check: why" for each check that could not judge the answer (it neither passed nor failed)
     */
    public record Result(boolean passed, String failingCheck, String detail, List<String> notRun) {
        public static final Result PASSED = new Result(true, null, null);

        public Result {
            notRun = List.copyOf(notRun);
        }

        public Result(boolean passed, String failingCheck, String detail) {
            this(passed, failingCheck, detail, List.of());
        }
    }
}
