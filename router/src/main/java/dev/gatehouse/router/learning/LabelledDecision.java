package dev.gatehouse.router.learning;

import java.util.List;
import java.util.Map;

/**
 * One routed request that feedback judged, joined with its prompt text: what training learns from.
 *
 * @param decisionId the decision's id
 * @param at         when it was decided (the log's {@code ts}), for a time-ordered held-out split
 * @param prompt     the text the router embeds (the last user message)
 * @param outcomes   per target id, how well it did (0..1): the served target's score, 1 for a preferred target
 * @param served     which target served and how likely the decision was to send it there, or null when the log
 *                   does not say (then every outcome weighs 1)
 */
public record LabelledDecision(String decisionId, String at, String prompt, Map<String, Double> outcomes,
        Served served) {
    public LabelledDecision {
        outcomes = Map.copyOf(outcomes);
    }

    /** A judged decision whose log says nothing of how its target was drawn. */
    public LabelledDecision(String decisionId, String at, String prompt, Map<String, Double> outcomes) {
        this(decisionId, at, prompt, outcomes, null);
    }

    /**
     * @param target     the target that served
     * @param propensity the probability the decision sent the request there ({@code exploration.propensity}; 1
     *                   for a policy that does not explore)
     * @param share      the policy's exploration share, 0 when it does not explore
     * @param greedy     the policy's own choice before exploring (equal to {@code target} when not explored)
     * @param among      the targets exploration could have picked, {@code greedy} first; only {@code greedy} when
     *                   nothing could be explored
     */
    public record Served(String target, double propensity, double share, String greedy, List<String> among) {
        public Served {
            among = List.copyOf(among);
            if (!(propensity > 0 && propensity <= 1)) {
                throw new IllegalArgumentException("propensity must be within (0, 1], was " + propensity);
            }
        }

        /** Served without exploration: the policy's choice, with certainty. */
        public static Served certain(String target) {
            return new Served(target, 1, 0, target, List.of(target));
        }

        /** The probability that a decision like this one served {@code other} ({@code policy.Exploration}). */
        public double probabilityOf(String other) {
            if (among.size() < 2) return other.equals(greedy) ? 1 : 0;
            if (other.equals(greedy)) return 1 - share;
            return among.contains(other) ? share / (among.size() - 1) : 0;
        }
    }

    /**
     * How much the outcome for {@code target} counts in training: the inverse of the probability it was observed,
     * so a target served only when exploration drew it speaks for all the prompts it was not sent (1/propensity for
     * the served target); a preferred target or an operator's label weighs 1.
     */
    public double weight(String target) {
        return served != null && served.target().equals(target) ? 1 / served.propensity() : 1;
    }
}
