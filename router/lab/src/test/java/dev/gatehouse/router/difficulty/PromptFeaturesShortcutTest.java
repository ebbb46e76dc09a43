package dev.gatehouse.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The cheap features feed a model trained on them, so the shortcuts (literal cues instead of regular expressions,
 * words counted without splitting) must give exactly what the expressions gave. The expressions the model was trained
 * with are kept here as the reference, and both run on awkward hand-made texts and on the shared MMLU prompts.
 */
class PromptFeaturesShortcutTest {

    private static final Pattern CALCULATION = Pattern.compile(
            "(?i)calculat|comput|solve|how many|find the|evaluate|probabilit|integral|derivative|equation");
    private static final Pattern CODE_TASK = Pattern.compile("(?i)\\b(write|implement) (a|an|the) (function|program|class|script)");
    private static final Pattern NEGATED_QUESTION = Pattern.compile("\\b(NOT|EXCEPT|LEAST|FALSE)\\b");
    private static final Pattern WHICH_OF = Pattern.compile("(?i)which of the following");

    /** log_words, the four cues and mean_word_length, as the regular-expression version computed them. */
    static double[] reference(String prompt) {
        String[] words = prompt.isBlank() ? new String[0] : prompt.strip().split("\\s+");
        long wordChars = 0;
        for (String w : words) wordChars += w.length();
        return new double[] {Math.log1p(words.length), CALCULATION.matcher(prompt).find() ? 1 : 0,
            CODE_TASK.matcher(prompt).find() ? 1 : 0, NEGATED_QUESTION.matcher(prompt).find() ? 1 : 0,
            WHICH_OF.matcher(prompt).find() ? 1 : 0, words.length == 0 ? 0 : (double) wordChars / words.length};
    }

    static double[] shortcut(String prompt) {
        double[] f = PromptFeatures.of(prompt);
        return new double[] {f[1], f[10], f[11], f[12], f[13], f[14]};
    }

    static final List<String> AWKWARD = List.of("", "   ", "\u2003word\u2003", "\u001Ca b\u001F", "x\u000By\fz",
            "WRITE A FUNCTION that adds", "Rewrite a function", "Write  a function", "İmplement the program",
            "COMPUTİNG", "Which Of The Following is NOT true?", "NOTHING here is FALSEHOOD", "not false except least",
            "HOW MANY apples", "how\u00A0many apples", "Ｃalculate", "find\tthe answer", "\uD83D\uDE00 solve it \uD83D\uDE00",
            "a\r\nb\n\nc  d\t", "EVALUATE∫ the INTEGRAL", "Implement an algorithm; write the script.");

    @Test
    void theShortcutsGiveWhatTheExpressionsGaveOnAwkwardTexts() {
        for (String text : AWKWARD) {
            assertThat(shortcut(text)).as(text).containsExactly(reference(text));
        }
    }

    @Test
    void theShortcutsGiveWhatTheExpressionsGaveOnTheSharedMmluPrompts() throws Exception {
        String eval = System.getProperty("gatehouse.shared.eval");
        Path dir = eval == null ? null : Path.of(eval, "routing", "routellm-mmlu");
        assumeTrue(dir != null && Files.isDirectory(dir), "SKIPPED LOUDLY: no shared MMLU prompts at " + dir
                + " (set -Dgatehouse.shared.eval); the awkward texts above still compare both versions");
        List<String> prompts = new ArrayList<>();
        var table = RoutingTable.read(dir);
        table.pair(table.defaultWeak(), table.mostAccurate()).forEach(e -> prompts.add(e.prompt()));
        int differing = 0;
        for (String p : prompts) {
            if (!java.util.Arrays.equals(shortcut(p), reference(p))) differing++;
        }
        assertThat(prompts).hasSizeGreaterThan(10_000);
        assertThat(differing).isZero();
    }
}
