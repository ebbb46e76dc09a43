package dev.gatehouse.router.difficulty;

/**
 * One labelled prompt for a weak/strong pair.
 *
 * @param group       where it came from: the RouterBench {@code eval_name}, else the CSV file's name (an MMLU subject)
 * @param weakScore   the weak model's score, 1 = correct, 0 = wrong (fractions allowed)
 * @param strongScore the strong model's score
 * @param weakCost    USD for the weak model's call when the data records it, else NaN
 * @param strongCost  USD for the strong model's call when the data records it, else NaN
 */
public record RoutingExample(String prompt, String group, double weakScore, double strongScore, double weakCost,
        double strongCost) {

    /** Sending it to the strong model gains quality. */
    public boolean strongWins() {
        return strongScore > weakScore;
    }

    public boolean hasCosts() {
        return !Double.isNaN(weakCost) && !Double.isNaN(strongCost);
    }
}
