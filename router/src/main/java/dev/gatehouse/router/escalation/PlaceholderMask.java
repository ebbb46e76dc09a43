package dev.gatehouse.router.escalation;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.router.privacy.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Masking for one request: each finding's text becomes a placeholder such as {@code <EMAIL_ADDRESS_1>} before the
 * call (the same value gets the same placeholder everywhere in the request), and the answer gets the values back,
 * streamed answers included. Holds the values in memory for the request only.
 */
public final class PlaceholderMask {

    private final Map<String, String> placeholderOf = new HashMap<>();
    private final Map<String, String> valueOf = new LinkedHashMap<>();
    private final Map<String, Integer> countPerType = new HashMap<>();

    /** Replaces every finding in {@code text}; overlapping findings keep the one that starts first (longest on ties). */
    public String mask(String text, List<Finding> findings) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparingInt(Finding::start).thenComparing(Comparator.comparingInt(Finding::end).reversed()));
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Finding f : sorted) {
            if (f.start() < at || f.start() >= f.end() || f.end() > text.length()) {
                continue; // overlaps one already masked, or out of range
            }
            out.append(text, at, f.start()).append(placeholder(f.type(), text.substring(f.start(), f.end())));
            at = f.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** Masks every message, with findings computed per message text (e.g. {@code scanner.scan(text).findings()}). */
    public ChatRequest mask(ChatRequest request, Function<String, List<Finding>> findingsOf) {
        List<ChatMessage> masked = new ArrayList<>();
        for (ChatMessage m : request.messages()) {
            masked.add(new ChatMessage(m.role(), mask(m.content(), findingsOf.apply(m.content()))));
        }
        return new ChatRequest(masked, request.params());
    }

    /** Puts the values back wherever a whole placeholder appears. */
    public String restore(String text) {
        if (valueOf.isEmpty() || text.indexOf('<') < 0) {
            return text;
        }
        String result = text;
        for (Map.Entry<String, String> e : valueOf.entrySet()) {
            result = result.replace(e.getKey(), e.getValue());
        }
        return result;
    }

    /** The answer's tokens with values restored, also when a placeholder is split across chunks. */
    public TokenStream restoring(TokenStream answer) {
        return valueOf.isEmpty() ? answer : new RestoringTokenStream(answer, this);
    }

    /** How many distinct values were masked. */
    public int size() {
        return valueOf.size();
    }

    /**
     * Where a possible placeholder starts at the end of {@code text}: the index of a trailing {@code <...} that is a
     * proper prefix of some placeholder, or {@code text.length()} when the text can be released whole.
     */
    int holdBackFrom(CharSequence text) {
        int lt = lastIndexOf(text, '<');
        if (lt < 0) {
            return text.length();
        }
        String tail = text.subSequence(lt, text.length()).toString();
        for (String placeholder : valueOf.keySet()) {
            if (placeholder.length() > tail.length() && placeholder.startsWith(tail)) {
                return lt;
            }
        }
        return text.length();
    }

    private static int lastIndexOf(CharSequence text, char c) {
        for (int i = text.length() - 1; i >= 0; i--) {
            if (text.charAt(i) == c) return i;
        }
        return -1;
    }

    private String placeholder(String type, String value) {
        return placeholderOf.computeIfAbsent(value, v -> {
            String name = type.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
            int n = countPerType.merge(name, 1, Integer::sum);
            String placeholder = "<" + name + "_" + n + ">";
            valueOf.put(placeholder, v);
            return placeholder;
        });
    }

    @Override
    public String toString() {
        return "PlaceholderMask[" + valueOf.size() + " values]"; // never the values
    }
}
