package dev.gatehouse.router.bench;

/** The two requests the gateway bench sends: a short one pinned to the provider, and a 512-token one for {@code auto}. */
final class BenchRequests {

    /** A short chat request naming the provider's model: the decision needs no embedding. */
    static final String PINNED = "{\"model\":\"bench/bench-model\",\"max_tokens\":64,\"messages\":[{\"role\":\"system\","
            + "\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\"Say hello to the benchmark.\"}]}";

    private static final String[] SENTENCES = {
        "The harbour authority reviewed the winter schedule for the ferries that cross the bay.",
        "Two of the older vessels need new engines before the spring season begins.",
        "Passenger numbers grew by eleven percent last year, mostly on the early morning crossings.",
        "The council asked whether a third route to the northern islands could pay for itself.",
        "Fuel prices and the cost of crew training were the largest items in the budget.",
        "A consultant suggested timetables that leave more room for maintenance in the afternoons.",
        "Local businesses on the islands depend on deliveries that arrive with the first ferry.",
        "Several residents wrote to complain about cancelled sailings during the autumn storms.",
    };

    private BenchRequests() {}

    /** About 512 tokens of prose with a task, as {@code model: auto}; {@code variant} >= 0 makes the text unique. */
    static String auto512(int variant) {
        return auto512(variant >= 0 ? "Request " + variant + ". " : "", "");
    }

    /**
     * The same prompt made unique at its end, past the first 128 word pieces the routing embedding reads: a new prompt
     * for every cache keyed by the prompt, the same window for the embedding's.
     */
    static String auto512NewEnding(int variant) {
        return auto512("", " Reference " + variant + ".");
    }

    private static String auto512(String start, String end) {
        StringBuilder text = new StringBuilder(start);
        text.append("Summarise the following notes from the harbour meeting in three bullet points.\\n\\n");
        for (int i = 0; text.length() < 2_350; i++) {
            text.append(SENTENCES[i % SENTENCES.length]).append(' ');
        }
        return "{\"model\":\"auto\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\""
                + text.toString().strip() + end + "\"}]}";
    }
}
