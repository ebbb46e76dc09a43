package dev.gatehouse.router.policy;

import dev.gatehouse.router.policy.Decision.CandidateScore;
import dev.gatehouse.router.policy.Decision.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * With a {@link SuccessForecast}: the cheapest ranked candidate expected to succeed goes first, whatever its
 * weak/strong score; when none reaches the bar, the one expected to do best. The reason names the choice and every
 * candidate passed over with its expected success and cost, so a five-local-models-and-two-providers policy shows
 * why the cheap model was (or was not) enough.
 */
final class CheapestAdequate {
    private CheapestAdequate() {}

    /** The ranking reordered so the choice is first, its expected success as each covered candidate's quality. */
    static List<CandidateScore> apply(List<CandidateScore> ranking, SuccessForecast forecast, List<Reason> reasons) {
        if (forecast.isEmpty() || ranking.stream().noneMatch(s -> forecast.expected().containsKey(s.target()))) {
            return ranking;
        }
        List<CandidateScore> scored = new ArrayList<>(ranking.size());
        for (CandidateScore s : ranking) {
            Double p = forecast.expected().get(s.target());
            scored.add(p == null ? s : new CandidateScore(s.target(), s.score(), p, s.costUsd(), s.latencyMs(), s.local()));
        }
        List<CandidateScore> covered = scored.stream().filter(s -> forecast.expected().containsKey(s.target())).toList();
        List<CandidateScore> adequate = covered.stream().filter(s -> s.quality() >= forecast.bar()).toList();
        CandidateScore chosen = adequate.isEmpty()
                ? covered.stream().max(Comparator.comparingDouble(CandidateScore::quality)
                        .thenComparing(Comparator.comparingDouble(CandidateScore::costUsd).reversed())).orElseThrow()
                : adequate.stream().min(Comparator.comparingDouble(CandidateScore::costUsd)
                        .thenComparing(Comparator.comparingDouble(CandidateScore::quality).reversed())).orElseThrow();
        StringBuilder detail = new StringBuilder(chosen.target()).append(" expected ").append(Decider.round(chosen.quality()))
                .append(adequate.isEmpty() ? " (best expected; none reaches the bar " : " (bar ")
                .append(Decider.round(forecast.bar())).append(") at $").append(chosen.costUsd())
                .append(", by ").append(forecast.source());
        for (CandidateScore s : covered) {
            if (s == chosen) continue;
            detail.append("; ").append(s.target()).append(" expected ").append(Decider.round(s.quality())).append(" at $")
                    .append(s.costUsd()).append(s.quality() < forecast.bar() ? " (below the bar)" : " (costs more)");
        }
        reasons.add(new Reason(ReasonCode.CHEAPEST_ADEQUATE, detail.toString()));
        List<CandidateScore> reordered = new ArrayList<>(scored.size());
        reordered.add(chosen);
        scored.stream().filter(s -> s != chosen).forEach(reordered::add);
        return reordered;
    }
}
