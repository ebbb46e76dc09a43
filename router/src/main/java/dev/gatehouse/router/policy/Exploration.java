package dev.gatehouse.router.policy;

import java.util.List;
import java.util.Objects;

/**
 * How exploration took part in one decision ({@code learnedRouter.explore}): whether the request went to another
 * allowed target than the policy's choice, and the probability that the served target was chosen, which training
 * divides by (inverse-propensity weighting) so that targets the policy rarely picks are not judged only on the
 * prompts the policy happened to send them.
 *
 * @param share      the policy's exploration share
 * @param explored   true when the request goes to another target than {@code greedy}
 * @param greedy     what the policy chose before exploring
 * @param target     what the draw chose: {@code greedy}, or when explored one of the others in {@code among}
 * @param among      the targets exploration could pick: every target the gates allowed, {@code greedy} first
 * @param propensity the probability that this decision serves its target, given the same inputs
 * @param skipped    why nothing could be explored (a degraded decision, one allowed target), or null
 */
public record Exploration(double share, boolean explored, String greedy, String target, List<String> among,
        double propensity, String skipped) {

    public Exploration {
        Objects.requireNonNull(greedy, "greedy");
        Objects.requireNonNull(target, "target");
        among = List.copyOf(among);
        if (!(propensity > 0 && propensity <= 1)) {
            throw new IllegalArgumentException("propensity must be within (0, 1], was " + propensity);
        }
    }

    /**
     * The draw for one decision, a pure function of its id: with probability {@code share} one of {@code others},
     * uniformly, else {@code greedy}. Two halves of a SHA-256 of the id give the coin and the pick, so one id always
     * draws the same and ids spread evenly.
     *
     * @param others the other targets the decision allows, in a stable order (the ranking's)
     */
    public static Exploration draw(String decisionId, double share, String greedy, List<String> others) {
        List<String> among = new java.util.ArrayList<>(others.size() + 1);
        among.add(greedy);
        among.addAll(others);
        if (others.isEmpty()) return new Exploration(share, false, greedy, greedy, among, 1, "no other allowed target is ready");
        long[] hash = hash(decisionId);
        if (unit(hash[0]) >= share) return new Exploration(share, false, greedy, greedy, among, 1 - share, null);
        String picked = others.get((int) Math.floorMod(hash[1], (long) others.size()));
        return new Exploration(share, true, greedy, picked, among, share / others.size(), null);
    }

    /** Two independent 64-bit draws from a decision id. */
    static long[] hash(String id) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("explore:" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            var b = java.nio.ByteBuffer.wrap(digest);
            return new long[] {b.getLong(), b.getLong()};
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A 64-bit draw as a number in [0, 1). */
    static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    /**
     * The probability that a decision with these inputs serves {@code target}: {@code 1 - share} for the policy's
     * choice, {@code share / others} for each other allowed target, 0 for one exploration could not pick. What an
     * off-policy estimate needs to weigh a logged outcome for a candidate that would have chosen {@code target}.
     */
    public double probabilityOf(String target) {
        if (skipped != null) return target.equals(greedy) ? 1 : 0;
        if (target.equals(greedy)) return 1 - share;
        return among.contains(target) ? share / (among.size() - 1) : 0;
    }
}
