package dev.gatehouse.router.report;

import dev.gatehouse.router.decisionlog.DecisionLogFiles;
import dev.gatehouse.router.feedback.FeedbackLog;
import dev.gatehouse.router.policy.Policy;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The whole decision log's cost per outcome as one row, for views outside this package (the dashboard's panel): the
 * same figures as the total line of {@code gatehouse report cost}, computed by {@link CostReport}.
 *
 * @param strongestTarget the policy's strongest target, which {@code savings} is measured against, or null
 * @param meanScore       mean feedback score over requests that have one, or null without feedback
 * @param costPerSuccess  spend divided by successful outcomes, or null before the first success
 */
public record CostOutcomes(String strongestTarget, int requests, double spend, long promptTokens,
                           long completionTokens, int escalations, int withFeedback, Double meanScore, int successes,
                           Double costPerSuccess, double strongestCost, double savings) {

    /** Reads the decision log and the feedback kept beside it in {@code dir}; an empty folder gives zeros. */
    public static CostOutcomes fromLog(Path dir, Policy policy) {
        var served = DecisionLogFiles.read(dir).lines().stream().map(ServedRequest::of).filter(Objects::nonNull)
                .toList();
        CostReport.Report report = CostReport.of(served, FeedbackLog.read(dir), policy, CostReport.By.TARGET);
        CostReport.Row t = report.total();
        return new CostOutcomes(report.strongestTarget(), t.requests(), t.spend(), t.promptTokens(),
                t.completionTokens(), t.escalations(), t.withFeedback(), t.meanScore(), t.successes(),
                t.costPerSuccess(), t.strongestCost(), t.savings());
    }
}
