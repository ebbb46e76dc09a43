package dev.gatehouse.router.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How decisions would change under a candidate policy.
 *
 * @param requests        decisions replayed
 * @param unreadable      log lines that could not be read back (not replayed)
 * @param changed         decisions whose target differs
 * @param byTarget        requests per target, logged vs replayed ({@code (refused)} for refusals)
 * @param quality         mean expected quality per category, logged vs replayed (each policy's own quality table)
 * @param rules           rules that fire on a different number of requests, logged policy vs candidate
 * @param examples        the first changed decisions (id, before, after, the candidate's first reason)
 * @param notes           what the log cannot replay and how it was handled
 */
record ReplayReport(int requests, int unreadable, int changed, Map<String, Count> byTarget, double costBeforeUsd,
                    double costAfterUsd, int escalationsBefore, int escalationsAfter, Map<String, Quality> quality,
                    Map<String, Count> rules, List<Change> examples, List<String> notes) {

    record Count(int before, int after) {
    }

    record Quality(int requests, double before, double after) {
    }

    record Change(String id, String before, String after, String reason) {
    }

    ObjectNode json() {
        return new ObjectMapper().valueToTree(this);
    }

    String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d requests replayed, %d would go elsewhere (%.1f%%)%s%n", requests,
                changed, requests == 0 ? 0.0 : 100.0 * changed / requests,
                unreadable == 0 ? "" : "; " + unreadable + " unreadable log lines left out"));
        notes.forEach(n -> out.append("note: ").append(n).append('\n'));
        out.append(String.format(Locale.ROOT, "estimated cost: %.4f -> %.4f USD; escalations to providers: %d -> %d%n",
                costBeforeUsd, costAfterUsd, escalationsBefore, escalationsAfter));
        out.append("\ntraffic per target (logged -> replayed)\n");
        byTarget.forEach((t, c) -> out.append(String.format(Locale.ROOT, "  %-32s %6d -> %6d%n", t, c.before(), c.after())));
        out.append("\nexpected quality per category (logged -> replayed)\n");
        quality.forEach((k, q) -> out.append(String.format(Locale.ROOT, "  %-20s %6d requests  %.3f -> %.3f%n", k,
                q.requests(), q.before(), q.after())));
        if (!rules.isEmpty()) {
            out.append("\nrules that fire differently (requests matched, logged policy -> candidate)\n");
            rules.forEach((r, c) -> out.append(String.format(Locale.ROOT, "  %-32s %6d -> %6d%n", r, c.before(), c.after())));
        }
        if (!examples.isEmpty()) {
            out.append("\nfirst changed decisions\n");
            examples.forEach(e -> out.append("  ").append(e.id()).append(": ").append(e.before()).append(" -> ")
                    .append(e.after()).append(e.reason().isEmpty() ? "" : " (" + e.reason() + ")").append('\n'));
        }
        return out.toString();
    }
}
