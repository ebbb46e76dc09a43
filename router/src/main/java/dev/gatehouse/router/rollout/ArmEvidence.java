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
     * The scores' sample variance (n − 1), taken with one more score at the far end of 0..1 from their mean: twenty
     * perfect scores are not proof that the next one is perfect, and a variance of zero would let a handful of them
     * decide. Like the pseudo-observations of an Agresti–Coull interval, it widens the bounds of small samples (for
     * twenty perfect scores the variance is 1/21 instead of 0) and fades as 1/n; the mean is the scores' own.
     */
    public double scoreVariance() {
        if (scored < 2) return Double.NaN;
        double farEnd = meanScore() >= 0.5 ? 0 : 1;
        long n = scored + 1;
        double mean = (scoreSum + farEnd) / n;
        return Math.max(0, scoreSquares + farEnd * farEnd - n * mean * mean) / (n - 1);
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
