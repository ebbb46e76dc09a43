package dev.gatehouse.router.rollout;

/**
 * One arm's totals as read at one moment: what {@link CanaryVerdict} weighs. The counters behind it are read one
 * after another without a lock, so a request finishing meanwhile may be in one total and not yet in the next; the
 * verdict is advice read over hundreds of requests, and one request's skew does not change it.
 *
 * @param requests     served requests
 * @param cost         their summed cost, in the policy's currency
 * @param scored       feedback with a score
 * @param scoreSum     the sum of those scores (each 0..1)
 * @param scoreSquares the sum of their squares
 */
public record ArmEvidence(long requests, double cost, long scored, double scoreSum, double scoreSquares) {

    public static final ArmEvidence NONE = new ArmEvidence(0, 0, 0, 0, 0);

    /** The mean score, NaN without scores. */
    public double meanScore() {
        return scored == 0 ? Double.NaN : scoreSum / scored;
    }

    /**
     * The scores' sample variance (n − 1), taken with one pseudo-score of 0 and one of 1 beside them, as the
     * Agresti–Caffo interval adds a success and a failure to each arm: twenty perfect scores are not proof that the
     * next one is perfect, and a variance of zero would let a handful of them decide. For twenty perfect scores the
     * variance is 1/21 instead of 0; the pair's weight fades as 1/n. The mean stays the scores' own.
     */
    public double scoreVariance() {
        if (scored < 2) return Double.NaN;
        long n = scored + 2;
        double mean = (scoreSum + 1) / n;
        return Math.max(0, scoreSquares + 1 - n * mean * mean) / (n - 1);
    }

    /** The standard error of the mean score, NaN with fewer than two scores. */
    public double scoreStandardError() {
        return Math.sqrt(scoreVariance() / scored);
    }

    /** The mean cost of a served request, NaN without requests. */
    public double costPerRequest() {
        return requests == 0 ? Double.NaN : cost / requests;
    }
}
