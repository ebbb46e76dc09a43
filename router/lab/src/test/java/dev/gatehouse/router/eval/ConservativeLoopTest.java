package dev.gatehouse.router.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.learning.KnnRouter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The feedback loop with conservative candidates on a two-dimensional embedding: "easy" prompts near (1, 0) that
 * both targets answer, "hard" ones near (0, 1) that only the strong target answers. The cheap target costs a
 * hundredth of the strong one.
 */
class ConservativeLoopTest {
    private static final List<String> TARGETS = List.of("cheap", "strong");

    private record Traffic(List<String> prompts, float[][] x, double[][] scores, double[][] costs) {}

    private static Traffic traffic(int n) {
        List<String> prompts = new ArrayList<>();
        float[][] x = new float[n][];
        double[][] scores = new double[n][];
        double[][] costs = new double[n][];
        for (int i = 0; i < n; i++) {
            boolean easy = i % 2 == 0;
            double jitter = 0.05 * Math.sin(i * 12.9898);
            prompts.add((easy ? "easy " : "hard ") + i);
            x[i] = easy ? new float[] {1, (float) (0.1 + jitter)} : new float[] {(float) (0.1 + jitter), 1};
            scores[i] = new double[] {easy ? 1 : 0, i % 20 == 1 ? 0 : 1}; // the strong target misses one in ten hard ones
            costs[i] = new double[] {0.001, 0.1};
        }
        return new Traffic(prompts, x, scores, costs);
    }

    private static List<FeedbackLoopSimulation.Round> run(Traffic t, FeedbackLoopSimulation.Labels labels, double explore) {
        return FeedbackLoopSimulation.run(t.prompts(), t.x(), t.scores(), t.costs(), TARGETS, 6, 0.25, 1, labels, explore,
                KnnRouter.Rule.CONSERVATIVE);
    }

    @Test
    void withoutEvidenceAboutTheCheapTargetEveryRoundServesExactlyAsTheStartingPolicy() {
        // no exploration, preferred targets left out: nothing was ever observed of the cheap target
        var rounds = run(traffic(1200), FeedbackLoopSimulation.Labels.SERVED_AND_PREFERRED, 0);

        for (var r : rounds) {
            assertThat(r.quality()).as("round %d", r.round()).isEqualTo(r.startQuality());
            assertThat(r.cost()).as("round %d", r.round()).isEqualTo(r.startCost());
        }
    }

    @Test
    void withEveryTargetJudgedTheLoopPromotesACandidateThatSendsEasyPromptsToTheCheapTarget() {
        var rounds = run(traffic(2400), FeedbackLoopSimulation.Labels.EVERY_TARGET, 0);

        assertThat(rounds).anyMatch(r -> r.verdict().equals("promoted"));
        var last = rounds.getLast();
        assertThat(last.live()).startsWith("kNN");
        assertThat(last.cost()).isLessThan(0.6 * last.startCost());
        assertThat(last.quality()).isGreaterThanOrEqualTo(0.95 * last.startQuality());
    }
}
