package dev.gatehouse.router.difficulty;

import dev.gatehouse.router.features.MiniLmEmbedder;
import dev.gatehouse.router.learning.FeedbackJoin;
import dev.gatehouse.router.learning.FeedbackTraining;
import dev.gatehouse.router.learning.KnnArtifact;
import dev.gatehouse.router.learning.KnnRouter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code train-router --feedback DIR}: joins feedback with the decision log, reports a kNN router's held-out quality
 * against what routes now, and writes it as a candidate next to the log — never over the live artifact, which a
 * rollout section replaces only after the canary.
 */
record FeedbackTrainingRun(Path logDir, Path prompts, Path current, Path out, Double successBar, long seed,
        KnnRouter.Rule rule) {
    static final String CANDIDATE = "router-candidate.json";

    int run(PrintWriter log) throws IOException {
        Path target = out != null ? out : logDir.resolve(CANDIDATE);
        if (current != null && Files.exists(target) && Files.isSameFile(target, current)) {
            throw new IllegalArgumentException("--out " + target + " is the live artifact (--current): write the candidate "
                    + "elsewhere and roll it out through the canary");
        }
        if (successBar != null && !(successBar >= 0 && successBar <= 1)) {
            throw new IllegalArgumentException("--success-bar must be within 0..1, was " + successBar);
        }
        if (successBar != null && rule == KnnRouter.Rule.CONSERVATIVE) {
            throw new IllegalArgumentException("--success-bar applies to --rule cheapest-expected; the conservative rule's "
                    + "bar is 95% of the reference target's expected success on each prompt");
        }
        var joined = FeedbackJoin.read(logDir, prompts, System.getenv());
        log.printf(Locale.ROOT, "%d judgements; %d joined with prompt text, %d without text (set logPrompts or pass --prompts), "
                + "%d whose decision is not in the log%n", joined.feedback(), joined.rows().size(), joined.withoutText(),
                joined.withoutDecision());
        KnnRouter live = current == null ? null : KnnArtifact.load(current);
        float[][] embeddings = new float[joined.rows().size()][];
        try (var embedder = MiniLmEmbedder.open()) {
            for (int i = 0; i < embeddings.length; i++) embeddings[i] = embedder.embed(joined.rows().get(i).prompt());
        }
        var result = FeedbackTraining.train(joined.rows(), embeddings, joined.targets(), live,
                successBar == null ? Double.NaN : successBar, TrainRouterCommand.EMBEDDER, seed, joined.costs(), rule);
        result.report().lines().forEach(log::println);
        if (rule == KnnRouter.Rule.CONSERVATIVE) {
            log.printf(Locale.ROOT, "rule conservative: every prompt goes to the reference target %s unless another target's "
                    + "lower confidence bound on the prompt's neighbourhood reaches 95%% of %s's expected success there; "
                    + "preferred-target labels were left out%n", result.candidate().referenceTarget(),
                    result.candidate().referenceTarget());
        }
        KnnArtifact.save(result.candidate(), "train-router --feedback " + logDir.getFileName() + " (" + joined.rows().size()
                + " judged decisions)", target);
        log.printf(Locale.ROOT, "wrote the candidate %s (targets %s, k=%d, bar %.3f); roll it out through the canary "
                + "(policy rollout:), the live artifact is unchanged%n", target, result.candidate().targets(),
                result.candidate().k(), result.candidate().bar());
        return result.report().candidateNoWorse() ? 0 : 3;
    }
}
