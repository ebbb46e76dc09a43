package dev.gatehouse.router.review;

import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.privacy.Finding;
import java.util.List;
import java.util.TreeSet;

/**
 * What a reviewer sees of a held request: its features, data class, the types of what was found (never the values),
 * and where the router proposed to send it. The prompt only when the operator turned {@code logPrompts} on.
 *
 * @param promptText the conversation's text, or null unless prompts are logged
 */
public record ReviewSummary(String decisionId, String tenant, String dataClass, List<String> findingTypes,
                            String category, double difficulty, String priority, int promptTokens,
                            String proposedTarget, List<String> reasons, String promptText) {

    public ReviewSummary {
        findingTypes = List.copyOf(findingTypes);
        reasons = List.copyOf(reasons);
    }

    static ReviewSummary of(Decision d, String promptText) {
        RequestFeatures f = d.features();
        var types = new TreeSet<String>();
        for (Finding x : f.findings()) types.add(x.type());
        return new ReviewSummary(d.id(), f.request().tenant(), f.dataClass().wireName(), List.copyOf(types),
                f.category(), f.difficulty(), f.request().priority().wireName(), f.promptTokens(), d.target(),
                d.reasons().stream().map(r -> r.code().wireName()).toList(), promptText);
    }
}
