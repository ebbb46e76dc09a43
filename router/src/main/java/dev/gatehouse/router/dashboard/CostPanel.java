package dev.gatehouse.router.dashboard;

import dev.gatehouse.router.feedback.FeedbackLog;
import dev.gatehouse.router.report.CostOutcomes;
import dev.gatehouse.router.routing.RequestRouter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The cost-per-outcome panel's figures: {@link CostOutcomes} over the decision log and its feedback. Reading the log
 * is a scan of every file, so the last result is kept until a request finishes or feedback arrives (the feed's
 * version and the feedback file's size say so); updates in between cost nothing.
 */
final class CostPanel {

    private final RequestRouter router;
    private CostOutcomes last;
    private long lastVersion = -1;
    private long lastFeedbackBytes = -1;

    CostPanel(RequestRouter router) {
        this.router = router;
    }

    /** @param feedVersion the decision feed's version: it moves once per finished request */
    synchronized Optional<CostOutcomes> read(long feedVersion) {
        Optional<Path> dir = router.decisionLogDir();
        if (dir.isEmpty()) return Optional.empty(); // no decision log: nothing to compute it from
        long feedbackBytes = size(dir.get().resolve(FeedbackLog.FILE));
        if (last == null || feedVersion != lastVersion || feedbackBytes != lastFeedbackBytes) {
            last = CostOutcomes.fromLog(dir.get(), router.policy());
            lastVersion = feedVersion;
            lastFeedbackBytes = feedbackBytes;
        }
        return Optional.of(last);
    }

    private static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return -2; // unreadable now: read again next time
        }
    }
}
