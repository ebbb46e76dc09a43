package dev.gatehouse.natives;

import java.util.List;

/**
 * Finds stop strings in streamed text, holding back only a tail that could still become one.
 *
 * <p>Why in Java: when llama.cpp matches stop strings itself it sends extra empty chunks for held-back tokens, so
 * chunks no longer map to tokens and the token count would be wrong. Not thread-safe; its generation guards it.
 */
public final class StopStrings {

    /** Text safe to emit now, and whether a stop string ended the output. */
    public record Step(String emit, boolean stopped) {
    }

    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();

    public StopStrings(List<String> stops) {
        this.stops = stops;
    }

    public Step push(String piece) {
        held.append(piece);
        int stopAt = -1;
        for (String stop : stops) {
            int at = held.indexOf(stop);
            if (at >= 0 && (stopAt < 0 || at < stopAt)) {
                stopAt = at;
            }
        }
        if (stopAt >= 0) {
            String emit = held.substring(0, stopAt);
            held.setLength(0);
            return new Step(emit, true);
        }
        int keep = longestSuffixThatStartsAStop();
        String emit = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return new Step(emit, false);
    }

    /** Everything still held, at the natural end of the output. */
    public String flush() {
        String rest = held.toString();
        held.setLength(0);
        return rest;
    }

    private int longestSuffixThatStartsAStop() {
        String text = held.toString();
        int best = 0;
        for (String stop : stops) {
            for (int length = Math.min(stop.length() - 1, text.length()); length > best; length--) {
                if (text.regionMatches(text.length() - length, stop, 0, length)) {
                    best = length;
                    break;
                }
            }
        }
        return best;
    }
}
