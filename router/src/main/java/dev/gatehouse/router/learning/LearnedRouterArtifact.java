package dev.gatehouse.router.learning;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.router.features.MiniLmEmbedder;
import dev.gatehouse.router.policy.LearnedRouter;
import dev.gatehouse.router.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the artifact a policy's {@code learnedRouter:} section names, once, when the policy is completed for serving
 * (startup, reload, and each {@code rollout:} or {@code shadow:} candidate): a missing or broken file, one trained on
 * another embedder than the server's, or one that forecasts targets the policy does not have stops the server or the
 * reload with the key {@code learnedRouter.artifact}, never a request.
 */
public final class LearnedRouterArtifact {
    static final String KEY = "learnedRouter.artifact";

    private LearnedRouterArtifact() {}

    /**
     * {@code policy} with its learned router loaded; unchanged without one.
     *
     * @param source the policy file, for the message
     * @throws ConfigException naming {@value #KEY} and what is wrong with the artifact
     */
    public static Policy attach(Policy policy, String source) {
        LearnedRouter section = policy.learnedRouter();
        if (section == null || section.loaded()) return policy;
        List<Violation> violations = new ArrayList<>();
        KnnRouter router = read(section, violations);
        if (router != null) check(router, policy, violations);
        if (!violations.isEmpty()) throw new ConfigException(source, violations);
        KnnRouter barred = Double.isNaN(section.successBar()) ? router : router.withBar(section.successBar());
        String name = "learnedRouter " + section.artifact().getFileName();
        return policy.withLearnedRouter(section.loadedAs(embedding -> barred.forecast(embedding, name)));
    }

    private static KnnRouter read(LearnedRouter section, List<Violation> violations) {
        if (!Files.isRegularFile(section.artifact())) {
            violations.add(new Violation(KEY, section.artifact() + " does not exist (train-router --feedback writes it)"));
            return null;
        }
        try {
            return KnnArtifact.load(section.artifact());
        } catch (IOException | RuntimeException e) { // a truncated or hand-edited file: say which, not a stack trace
            violations.add(new Violation(KEY, section.artifact() + " is not a valid kNN router artifact: "
                    + e.getMessage()));
            return null;
        }
    }

    private static void check(KnnRouter router, Policy policy, List<Violation> violations) {
        String where = policy.learnedRouter().artifact().toString();
        if (!MiniLmEmbedder.NAME.equals(router.embedder())) {
            violations.add(new Violation(KEY, where + " was trained on embedder '" + router.embedder()
                    + "', this server embeds with '" + MiniLmEmbedder.NAME + "': retrain it"));
        }
        if (router.points().length == 0) {
            violations.add(new Violation(KEY, where + " holds no labelled prompts"));
        }
        List<String> unknown = router.targets().stream().filter(t -> policy.target(t).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            violations.add(new Violation(KEY, where + " forecasts targets " + unknown + " that the policy does not "
                    + "declare; expected some of " + policy.targets().stream().map(t -> t.id()).toList()));
        }
        if (router.rule() == KnnRouter.Rule.CONSERVATIVE && !Double.isNaN(policy.learnedRouter().successBar())) {
            violations.add(new Violation("learnedRouter.successBar", where + " was trained with --rule conservative, whose "
                    + "bar is 95% of the reference target's expected success on each prompt; remove successBar or retrain "
                    + "with --rule cheapest-expected"));
        }
        if (!(router.bar() >= 0 && router.bar() <= 1) && Double.isNaN(policy.learnedRouter().successBar())) {
            violations.add(new Violation(KEY, where + " has bar " + router.bar() + "; set learnedRouter.successBar"));
        }
    }
}
