package dev.gatehouse.router.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict egress: a text counts as public only when the detectors find nothing AND every word in it is one the
 * lexicons know as an ordinary word, used as an ordinary word.
 *
 * <p>Why: detectors miss what they were never taught (an unfamiliar surname, a street abroad, a phone number in an
 * unusual format), and a miss that leaves the building is the worst failure this product can have. So the test for
 * "may leave" is inverted from "nothing sensitive was recognised" to "everything was recognised as harmless":
 * unknown words, capitalised words in mid-sentence (proper nouns, even when made of dictionary words: "Chemical
 * Abstracts Service") and numbers of three or more digits make the text internal, each reported as an
 * {@value #UNVERIFIED} finding with its offsets. Local models are unaffected; only escalation gets rarer.
 */
public final class StrictEgressScanner implements PrivacyScanner {
    public static final String UNVERIFIED = "UNVERIFIED_TOKEN";
    /** Low: these are not known to be sensitive, only not known to be harmless. */
    private static final double CONFIDENCE = 0.2;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]++(?:['’.@_+-][\\p{L}\\p{N}]++){0,32}+");

    private final PrivacyScanner detectors;
    private final Lexicons lexicons;
    private final DataClass unverifiedClass;

    /** Unverified words make a text {@code internal} (the shipped class of {@value #UNVERIFIED}). */
    public StrictEgressScanner(PrivacyScanner detectors) {
        this(detectors, FindingClasses.defaults());
    }

    /** Unverified words make a text what {@code classes} says for {@value #UNVERIFIED}. */
    public StrictEgressScanner(PrivacyScanner detectors, FindingClasses classes) {
        this.detectors = detectors;
        this.lexicons = Lexicons.load();
        this.unverifiedClass = classes.of(UNVERIFIED);
    }

    @Override
    public PrivacyReport scan(String text) {
        PrivacyReport report = detectors.scan(text);
        if (report.dataClass().compareTo(unverifiedClass) >= 0) {
            return report; // unverified words could not raise it: no need to look further
        }
        List<Finding> unverified = unverifiedWords(text);
        if (unverified.isEmpty()) {
            return report;
        }
        List<Finding> all = new ArrayList<>(report.findings());
        all.addAll(unverified);
        return new PrivacyReport(report.dataClass().atLeast(unverifiedClass), all);
    }

    private List<Finding> unverifiedWords(String text) {
        List<Finding> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            if (!harmless(m.group(), sentenceStart(text, m.start()))) {
                out.add(new Finding(UNVERIFIED, m.start(), m.end(), CONFIDENCE));
            }
        }
        return out;
    }

    private boolean harmless(String word, boolean sentenceStart) {
        // counted by hand, not with replaceAll: this runs for every word of every request, and replaceAll compiles
        // its pattern on each call (a quarter of the scan's allocation when it did)
        int digits = 0;
        int separators = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= '0' && c <= '9') digits++;
            else if (c == '.' || c == ',') separators++;
        }
        if (digits > 0) {
            // small counts and percentages ("8 years", "16%") carry no identity; longer numbers may (ZIPs, phones)
            return digits == word.length() - separators && digits <= 2;
        }
        if (word.length() == 1) {
            return true;
        }
        if (!lexicons.isCommon(word)) {
            return false;
        }
        boolean capitalised = Character.isUpperCase(word.codePointAt(0));
        return !capitalised || sentenceStart;
    }

    /** True after the start of the text, a line break or sentence punctuation (quotes and brackets skipped). */
    private static boolean sentenceStart(String text, int at) {
        for (int i = at - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) && c != '\n') continue;
            if (c == '"' || c == '\'' || c == '(' || c == '[' || c == '*' || c == '-' || c == '#') continue;
            return c == '.' || c == '!' || c == '?' || c == '\n' || c == ':';
        }
        return true;
    }
}
