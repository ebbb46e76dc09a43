package dev.gatehouse.router.features;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cheap facts about a text, each a regular expression or a count: no model, well under a millisecond for a long
 * prompt.
 *
 * @param estimatedTokens  about how many tokens a llama-family tokenizer makes of the text
 * @param contextDocuments long pasted blocks (a paragraph or fenced block of at least {@link #DOCUMENT_CHARS})
 * @param contextChars     their total size
 */
record ContentSignals(int estimatedTokens, boolean hasCode, boolean hasMath, int contextDocuments, int contextChars) {

    /** A block this long was pasted, not typed: about a page of text. */
    static final int DOCUMENT_CHARS = 1200;

    private static final Pattern CODE = Pattern.compile(
            "```|^\\s*(def|class|import|from \\S+ import|public|private|fn|func|package|#include|using)\\b"
                    + "|\\b(function|return|console\\.log|printf|System\\.out)\\b.*[;(){}]"
                    + "|[;{}]\\s*$|=>|::|\\b\\w+\\([^()]*\\)\\s*\\{",
            Pattern.MULTILINE);
    private static final Pattern MATH = Pattern.compile(
            "\\d\\s*[-+*/^=×÷]\\s*\\(?\\d|\\\\(frac|int|sum|sqrt|cdot|mathbb|lim|begin\\{(align|equation))"
                    + "|\\$[^$\\n]+\\$|[∫∑√≤≥≠∞π]|\\b[a-z]\\s*\\^\\s*\\d|\\b\\d*[xyz]\\s*[-+=]\\s*\\d");
    /** The one alternative of {@link #CODE} that needs none of {@link #CODE_CHARS}: a line opening with a keyword. */
    private static final Pattern CODE_LINE_START = Pattern.compile(
            "^\\s*(def|class|import|from \\S+ import|public|private|fn|func|package|#include|using)\\b",
            Pattern.MULTILINE);
    /** Every other alternative of {@link #CODE} needs one of these characters. */
    private static final String CODE_CHARS = "`;(){}=:";
    private static final Pattern BLOCK_SEPARATOR = Pattern.compile("\\n\\s*\\n|```");

    static ContentSignals of(String text) {
        int documents = 0;
        int documentChars = 0;
        // the lengths of BLOCK_SEPARATOR.split(text)'s parts, without making them
        Matcher separator = BLOCK_SEPARATOR.matcher(text);
        int blockStart = 0;
        while (true) {
            boolean found = separator.find();
            int blockLength = (found ? separator.start() : text.length()) - blockStart;
            if (blockLength >= DOCUMENT_CHARS) {
                documents++;
                documentChars += blockLength;
            }
            if (!found) break;
            blockStart = separator.end();
        }
        return new ContentSignals(estimateTokens(text), hasCode(text), mayHoldMath(text)
                && MATH.matcher(text).find(), documents, documentChars);
    }

    /**
     * {@link #CODE} on the text, trying only its line-start alternative when the text has none of the characters the
     * others need: prose without brackets or semicolons is common, and the whole expression tried at every position
     * of a long prompt cost more than the rest of this class.
     */
    static boolean hasCode(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (CODE_CHARS.indexOf(text.charAt(i)) >= 0) return CODE.matcher(text).find();
        }
        return CODE_LINE_START.matcher(text).find();
    }

    /**
     * Every alternative of {@link #MATH} needs a digit, a backslash, a dollar sign or a maths symbol; most prose has
     * none, and one pass over the chars is far cheaper than trying each alternative at every position.
     */
    private static boolean mayHoldMath(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' || c == '\\' || c == '$' || "∫∑√≤≥≠∞π".indexOf(c) >= 0) return true;
        }
        return false;
    }

    /**
     * About four chars per token for Latin text and one per char for CJK scripts, never fewer than one per word:
     * within about 20% of llama and GPT tokenizers on prose, which is all a routing estimate needs.
     */
    static int estimateTokens(String text) {
        int latin = 0;
        int wide = 0;
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x2E80 && c <= 0xD7AF || c >= 0xF900 && c <= 0xFAFF) {
                wide++;
            } else {
                latin++;
            }
            boolean letter = Character.isLetterOrDigit(c);
            if (letter && !inWord) {
                words++;
            }
            inWord = letter;
        }
        return Math.max((latin + 3) / 4, words) + wide;
    }
}
