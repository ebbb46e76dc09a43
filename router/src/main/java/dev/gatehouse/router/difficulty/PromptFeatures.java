package dev.gatehouse.router.difficulty;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cheap, language-agnostic signals of a prompt's difficulty, computed in microseconds beside the embedding. Raw
 * values; the model stores their mean and spread and standardises them itself.
 */
final class PromptFeatures {
    private static final Pattern ANSWER_OPTION = Pattern.compile("(?m)^\\s*\\(?[A-J][.)]\\s");
    private static final Pattern OPTION_TEXT = Pattern.compile("(?m)^\\s*\\(?[A-J][.):]\\s*(.*)$");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");
    /** Matched case-insensitively (ASCII), as a {@code (?i)} alternation would: what the model was trained with. */
    private static final List<String> CALCULATION = List.of("calculat", "comput", "solve", "how many", "find the",
            "evaluate", "probabilit", "integral", "derivative", "equation");
    private static final Pattern CODE_TASK = Pattern.compile("(?i)\\b(write|implement) (a|an|the) (function|program|class|script)");
    private static final List<String> CODE_TASK_OBJECTS = List.of("function", "program", "class", "script");
    private static final Pattern NEGATED_QUESTION = Pattern.compile("\\b(NOT|EXCEPT|LEAST|FALSE)\\b");
    private static final List<String> NEGATIONS = List.of("NOT", "EXCEPT", "LEAST", "FALSE");
    private static final String WHICH_OF = "which of the following";
    private static final List<String> CODE_MARKERS = List.of("```", "def ", "return", "{", "}", ";", "==", "()", "import ");
    private static final String MATH_SYMBOLS = "+-*/=^<>%√∑∫π≤≥×÷";

    /** The feature names, in the order of {@link #of(String)}; stored in the artifact to detect mismatches. */
    static final List<String> NAMES = List.of("log_chars", "log_words", "log_lines", "digit_share", "math_symbol_share",
            "log_code_markers", "answer_options", "log_question_marks", "upper_share", "non_ascii_share",
            "calculation_cue", "code_task_cue", "negated_question_cue", "which_of_cue", "mean_word_length",
            "option_shared_words", "log_mean_option_chars");

    private PromptFeatures() {}

    static double[] of(String prompt) {
        int chars = prompt.length();
        int digits = 0, math = 0, upper = 0, nonAscii = 0, lines = 0, questions = 0;
        for (int i = 0; i < chars; i++) {
            char c = prompt.charAt(i);
            if (Character.isDigit(c)) digits++;
            if (MATH_SYMBOLS.indexOf(c) >= 0) math++;
            if (Character.isUpperCase(c)) upper++;
            if (c > 127) nonAscii++;
            if (c == '\n') lines++;
            if (c == '?') questions++;
        }
        // words as prompt.strip().split("\\s+") gives them, without making the strings
        String stripped = prompt.strip();
        int wordCount = 0;
        long wordChars = 0;
        boolean inWord = false;
        for (int i = 0; i < stripped.length(); i++) {
            boolean space = isRegexSpace(stripped.charAt(i));
            if (!space) {
                wordChars++;
                if (!inWord) wordCount++;
            }
            inWord = !space;
        }
        String folded = asciiLowerCase(prompt);
        int codeMarkers = 0;
        for (String marker : CODE_MARKERS) codeMarkers += occurrences(prompt, marker);
        double perChar = Math.max(1, chars);
        double[] options = options(prompt);
        return new double[] {
            Math.log1p(chars), Math.log1p(wordCount), Math.log1p(lines), digits / perChar, math / perChar,
            Math.log1p(codeMarkers), ANSWER_OPTION.matcher(prompt).results().count(), Math.log1p(questions),
            upper / perChar, nonAscii / perChar, containsAny(folded, CALCULATION) ? 1 : 0,
            containsAny(folded, CODE_TASK_OBJECTS) ? cue(CODE_TASK, prompt) : 0,
            containsAny(prompt, NEGATIONS) ? cue(NEGATED_QUESTION, prompt) : 0, folded.contains(WHICH_OF) ? 1 : 0,
            wordCount == 0 ? 0 : (double) wordChars / wordCount, options[0], options[1]
        };
    }

    /**
     * Shape of multiple-choice options: the share of distinct option words that occur in more than one option, and
     * the log of the options' mean length. Options built from the same few words ("Wrong, Not wrong", "True, False")
     * mean several judgements per question, which weaker models get wrong far more often than single facts.
     */
    private static double[] options(String prompt) {
        List<String> options = OPTION_TEXT.matcher(prompt).results().map(m -> m.group(1)).toList();
        if (options.size() < 2) return new double[] {0, 0};
        Map<String, Integer> optionsPerWord = new HashMap<>();
        long chars = 0;
        for (String option : options) {
            chars += option.length();
            Set<String> distinct = new HashSet<>();
            WORD.matcher(option.toLowerCase(Locale.ROOT)).results().forEach(m -> distinct.add(m.group()));
            for (String w : distinct) optionsPerWord.merge(w, 1, Integer::sum);
        }
        long shared = optionsPerWord.values().stream().filter(c -> c > 1).count();
        return new double[] {optionsPerWord.isEmpty() ? 0 : (double) shared / optionsPerWord.size(),
            Math.log1p((double) chars / options.size())};
    }

    /**
     * The cues are literal words matched as the regular expressions they were trained with did; the expressions run
     * only when the text holds a word they need (a pass of {@code indexOf} instead of trying every alternative at
     * every position, which was the larger part of this method on long prompts).
     */
    private static boolean containsAny(String text, List<String> words) {
        for (String w : words) {
            if (text.contains(w)) return true;
        }
        return false;
    }

    /** A-Z to a-z and nothing else: what {@code (?i)} without UNICODE_CASE treats as the same letter. */
    static String asciiLowerCase(String text) {
        char[] folded = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (folded == null) folded = text.toCharArray();
                folded[i] = (char) (c + ('a' - 'A'));
            }
        }
        return folded == null ? text : new String(folded);
    }

    /** {@code \\s} of java.util.regex: [ \\t\\n\\x0B\\f\\r]. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static double cue(Pattern pattern, String prompt) {
        return pattern.matcher(prompt).find() ? 1 : 0;
    }

    private static int occurrences(String text, String marker) {
        int count = 0;
        for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length())) count++;
        return count;
    }
}
