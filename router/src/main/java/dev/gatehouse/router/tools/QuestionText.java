package dev.gatehouse.router.tools;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The question a tool reads: lower-case, spaces collapsed, politeness, one lead phrase and final punctuation off. */
final class QuestionText {
    /** Compiled once: every request's prompt passes here for each tool that might answer it. */
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private QuestionText() {
    }

    /**
     * @param leads phrases that may open the question ("what is"), longest first where one is a prefix of another
     */
    static String normalise(String prompt, List<String> leads) {
        String q = SPACES.matcher(prompt.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        q = stripEnd(q);
        if (q.startsWith("please ")) q = q.substring(7);
        if (q.endsWith(" please")) q = stripEnd(q.substring(0, q.length() - 7));
        if (q.startsWith("hey ") || q.startsWith("hi ")) return ""; // a greeting first: talk, not a lookup
        for (String lead : leads) {
            if (q.startsWith(lead + " ")) {
                q = q.substring(lead.length() + 1);
                break;
            }
        }
        if (q.startsWith("the value of ")) q = q.substring(13);
        return stripEnd(q);
    }

    private static String stripEnd(String q) {
        int end = q.length();
        while (end > 0 && "?.!=, ".indexOf(q.charAt(end - 1)) >= 0) end--;
        return q.substring(0, end);
    }
}
