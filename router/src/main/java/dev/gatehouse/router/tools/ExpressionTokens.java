package dev.gatehouse.router.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the body of an arithmetic question into tokens, reading the few words people use for operators
 * ({@code plus}, {@code times}, {@code divided by}, {@code squared}, {@code percent}...). A word it does not know
 * makes the whole text not an expression: a tool must not answer a request it only half understood.
 *
 * <p>Numbers may carry thousands separators only in groups of three ({@code 2,340}); {@code 1,5} is refused, since
 * in half of Europe it means one and a half.
 */
final class ExpressionTokens {
    private static final Pattern NUMBER = Pattern.compile("\\d{1,3}(,\\d{3})+(\\.\\d+)?|\\d+(\\.\\d+)?|\\.\\d+");
    private static final Pattern CANONICAL_NUMBER = Pattern.compile("\\d+(\\.\\d+)?|\\.\\d+");
    private static final Pattern WORD = Pattern.compile("[a-z]+");
    private static final Map<String, String> PHRASES = Map.ofEntries(
            Map.entry("multiplied by", "*"), Map.entry("divided by", "/"), Map.entry("to the power of", "^"),
            Map.entry("raised to", "^"), Map.entry("plus", "+"), Map.entry("minus", "-"), Map.entry("times", "*"),
            Map.entry("x", "*"), Map.entry("percent", "%"), Map.entry("of", "of"), Map.entry("squared", "^ 2"),
            Map.entry("cubed", "^ 3"), Map.entry("over", "/"));

    private ExpressionTokens() {
    }

    /** The tokens of {@code text} (already lower-case), or empty when a part of it is not arithmetic. */
    static Optional<List<String>> of(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            Matcher number = NUMBER.matcher(text).region(i, text.length());
            if (number.lookingAt()) {
                tokens.add(number.group().replace(",", ""));
                i = number.end();
                if (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) && text.charAt(i) != 'x'
                        || text.charAt(i) == ',')) {
                    return Optional.empty(); // 12abc, 1,5, 2,34: not a number we can read for sure
                }
                continue;
            }
            String symbol = switch (c) {
                case '+' -> "+";
                case '-', '−', '–' -> "-";
                case '*', '×', '·' -> "*";
                case '/', '÷' -> "/";
                case '^' -> "^";
                case '%' -> "%";
                case '(' -> "(";
                case ')' -> ")";
                default -> null;
            };
            if (symbol != null) {
                tokens.add(symbol);
                i++;
                continue;
            }
            Matcher word = WORD.matcher(text).region(i, text.length());
            if (!word.lookingAt()) return Optional.empty();
            String phrase = longestPhrase(text, i);
            if (phrase == null) return Optional.empty();
            for (String token : PHRASES.get(phrase).split(" ")) tokens.add(token);
            i += phrase.length();
        }
        return Optional.of(tokens);
    }

    static boolean isNumber(String token) {
        return CANONICAL_NUMBER.matcher(token).matches();
    }

    private static String longestPhrase(String text, int from) {
        String best = null;
        for (String phrase : PHRASES.keySet()) {
            if (text.startsWith(phrase, from) && (best == null || phrase.length() > best.length())) {
                int end = from + phrase.length();
                if (end == text.length() || !Character.isLetter(text.charAt(end))) best = phrase;
            }
        }
        return best;
    }
}
