package dev.gatehouse.router.http;

import java.time.Duration;

/**
 * An error as the client sees it: HTTP status, OpenAI error fields, and a retry hint for 429 and 503. The message is
 * bounded here, the one place every error body and error event goes through: messages quote values the client sent
 * (a model name, a field value), and a client's 100 KB value must not come back whole.
 *
 * @param retryAfter null when retrying will not help
 */
record ApiError(int status, String type, String code, String param, String message, Duration retryAfter) {

    /** Characters of one unbroken run (a quoted value without spaces) kept as is. */
    static final int MAX_RUN = 64;
    /** Characters of a whole message kept as is; a longer one keeps its start and end, where the rule is named. */
    static final int MAX_MESSAGE = 600;

    ApiError {
        message = bounded(message);
        param = param == null ? null : bounded(param);
    }

    /** Whole seconds for the {@code Retry-After} header, at least 1. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /** Each run of non-blank characters longer than {@link #MAX_RUN} cut, then the middle of an overlong message. */
    static String bounded(String message) {
        if (message == null || message.length() <= MAX_RUN) {
            return message;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < message.length()) {
            int end = i;
            while (end < message.length() && !Character.isWhitespace(message.charAt(end))) {
                end++;
            }
            if (end - i > MAX_RUN) {
                out.append(message, i, safeEnd(message, i + MAX_RUN / 2)).append("…(").append(end - i)
                        .append(" characters)");
            } else {
                out.append(message, i, end);
            }
            int blankEnd = end;
            while (blankEnd < message.length() && Character.isWhitespace(message.charAt(blankEnd))) {
                blankEnd++;
            }
            out.append(message, end, Math.min(blankEnd, end + 1)); // runs of blanks become one
            i = blankEnd;
        }
        if (out.length() <= MAX_MESSAGE) {
            return out.toString();
        }
        int keep = MAX_MESSAGE / 2 - 20;
        int cut = out.length() - 2 * keep;
        return out.substring(0, safeEnd(out, keep)) + " …(" + cut + " characters cut)… "
                + out.substring(safeEnd(out, out.length() - keep));
    }

    /** An index that does not split a surrogate pair. */
    private static int safeEnd(CharSequence text, int index) {
        return index > 0 && index < text.length() && Character.isLowSurrogate(text.charAt(index)) ? index - 1 : index;
    }
}
