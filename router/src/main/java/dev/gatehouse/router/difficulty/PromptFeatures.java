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
    private static final Pattern CALCULATION = Pattern.compile(
            "(?i)calculat|comput|solve|how many|find the|evaluate|probabilit|integral|derivative|equation");
    private static final Pattern CODE_TASK = Pattern.compile("(?i)\\b(write|implement) (a|an|the) (function|program|class|script)");
    private static final Pattern NEGATED_QUESTION = Pattern.compile("\\b(NOT|EXCEPT|LEAST|FALSE)\\b");
    private static final Pattern WHICH_OF = Pattern.compile("(?i)which of the following");
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
        String[] words = prompt.isBlank() ? new String[0] : prompt.strip().split("\\s+");
        long wordChars = 0;
        for (String w : words) wordChars += w.length();
        int codeMarkers = 0;
        for (String marker : CODE_MARKERS) codeMarkers += occurrences(prompt, marker);
        double perChar = Math.max(1, chars);
        double[] options = options(prompt);
        return new double[] {
            Math.log1p(chars), Math.log1p(words.length), Math.log1p(lines), digits / perChar, math / perChar,
            Math.log1p(codeMarkers), ANSWER_OPTION.matcher(prompt).results().count(), Math.log1p(questions),
            upper / perChar, nonAscii / perChar, cue(CALCULATION, prompt), cue(CODE_TASK, prompt),
            cue(NEGATED_QUESTION, prompt), cue(WHICH_OF, prompt), words.length == 0 ? 0 : (double) wordChars / words.length,
            options[0], options[1]
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

    private static double cue(Pattern pattern, String prompt) {
        return pattern.matcher(prompt).find() ? 1 : 0;
    }

    private static int occurrences(String text, String marker) {
        int count = 0;
        for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length())) count++;
        return count;
    }
}
