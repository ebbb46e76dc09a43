package dev.gatehouse.router.privacy;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text being scanned, read once for every detector: an ASCII-lowered copy with the same offsets, the words, and
 * the places where a match can begin (a digit run, a letter or digit after a non-alphanumeric, a line). Detectors run
 * their patterns from those places only instead of letting {@link Matcher#find()} try all 2,000 positions of a
 * prompt; on a 2 KB prompt that is what keeps the whole scan in the low hundreds of microseconds. One instance per
 * scan, used by one thread.
 */
final class ScanText {
    final String text;
    final String lower;
    /**
     * The text and its lowered copy with every char beyond Latin-1 replaced by {@code ÿ}, for {@code indexOf} and
     * {@code contains} of ASCII literals only (same offsets, same answers). One curly quote or emoji makes a Java
     * string two bytes per char, and the JDK searches those a char at a time; these stay one byte per char and are
     * searched with vector instructions. They are {@link #text} and {@link #lower} themselves when the text is
     * Latin-1.
     */
    final String searchText;
    final String searchLower;
    /** Offsets of ASCII digits that do not follow one ({@code \\d} is ASCII in our patterns). */
    final int[] digitStarts;
    final int digitStartCount;
    /** Offsets of letters or digits that do not follow an ASCII letter or digit. */
    final int[] alnumStarts;
    final int alnumStartCount;
    /** Offsets where a line starts (0 and after every newline). */
    final int[] lineStarts;
    final int lineStartCount;
    /** Words as runs of letters joined by apostrophes or hyphens ("O'Brien", "Jean-Luc"): start and end offsets. */
    final int[] wordStart;
    final int[] wordEnd;
    final int wordCount;

    private ScanText(String text) {
        this.text = text;
        int n = text.length();
        char[] low = new char[n];
        // a digit run or a word starts at most every other char; an alnum start can be every char ("ééé": a letter after a
        // letter that is not ASCII counts as a start, so text in Cyrillic or CJK has one per char)
        int[] digits = new int[n / 2 + 1], alnum = new int[n + 1], lines = new int[8], ws = new int[n / 2 + 1], we = new int[n / 2 + 1];
        int dc = 0, ac = 0, lc = 0, wc = 0;
        lines[lc++] = 0;
        char prev = ' ';
        boolean wide = false;
        int i = 0, wordUntil = 0;
        while (i < n) {
            char c = text.charAt(i);
            low[i] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
            wide |= c > 0xFF;
            boolean digit = c >= '0' && c <= '9';
            // a superset of where \b or a (?<![\w...]) look-behind lets a match begin: the patterns check again
            if (!asciiAlnum(prev) && (digit || isLetter(c))) alnum[ac++] = i;
            if (digit && !(prev >= '0' && prev <= '9')) digits[dc++] = i;
            if (c == '\n') {
                if (lc == lines.length) lines = Arrays.copyOf(lines, lc * 2);
                lines[lc++] = i + 1;
            }
            if (i >= wordUntil && isLetterOrMark(c)) {
                wordUntil = wordEndFrom(text, i);
                ws[wc] = i;
                we[wc++] = wordUntil;
            }
            prev = c;
            i++;
        }
        this.lower = new String(low);
        this.searchText = wide ? narrowed(text.toCharArray()) : text;
        this.searchLower = wide ? narrowed(low) : lower; // low is done with: lower was made from it above
        this.digitStarts = digits;
        this.digitStartCount = dc;
        this.alnumStarts = alnum;
        this.alnumStartCount = ac;
        this.lineStarts = lines;
        this.lineStartCount = lc;
        this.wordStart = ws;
        this.wordEnd = we;
        this.wordCount = wc;
    }

    static ScanText of(String text) {
        return new ScanText(text);
    }

    private static boolean asciiAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** The chars as a string with every one beyond Latin-1 replaced by {@code ÿ} (in the array too). */
    private static String narrowed(char[] chars) {
        for (int k = 0; k < chars.length; k++) if (chars[k] > 0xFF) chars[k] = 'ÿ';
        return new String(chars);
    }

    private static boolean isLetter(char c) {
        return c < 128 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') : Character.isLetter(c);
    }

    private static boolean isLetterOrMark(char c) {
        if (c < 128) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (Character.isLetter(c)) return true;
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    /** The end of the word starting at {@code i}: letters and marks, continued over ' ’ - between letters. */
    private static int wordEndFrom(String text, int i) {
        int n = text.length();
        int j = i;
        while (true) {
            while (j < n && isLetterOrMark(text.charAt(j))) j++;
            if (j + 1 < n && (text.charAt(j) == '\'' || text.charAt(j) == '’' || text.charAt(j) == '-')
                    && isLetterOrMark(text.charAt(j + 1))) {
                j++;
            } else {
                return j;
            }
        }
    }

    /** Words and their lexicon forms, cut and folded on first use: several detectors look up the same words. */
    private String[] words;
    private String[] folds;
    private String[] bases;

    String word(int w) {
        if (words == null) words = new String[wordCount];
        String word = words[w];
        if (word == null) words[w] = word = text.substring(wordStart[w], wordEnd[w]);
        return word;
    }

    /** {@link Lexicons#fold} of word {@code w}; an ASCII word's fold is its stretch of {@link #lower}. */
    String fold(int w) {
        if (folds == null) folds = new String[wordCount];
        String fold = folds[w];
        if (fold == null) {
            boolean ascii = true;
            for (int i = wordStart[w]; i < wordEnd[w] && ascii; i++) ascii = text.charAt(i) < 128;
            folds[w] = fold = ascii ? lower.substring(wordStart[w], wordEnd[w]) : Lexicons.fold(word(w));
        }
        return fold;
    }

    /** {@link Lexicons#base} of word {@code w}. */
    String base(int w) {
        if (bases == null) bases = new String[wordCount];
        String base = bases[w];
        if (base == null) bases[w] = base = Lexicons.baseOfFolded(fold(w));
        return base;
    }

    /**
     * What the lexicons say about word {@code w}, each question asked of the sets once per scan: four detectors ask
     * about the same words, and probing the 40,000-word sets (a cache miss or two each) was a sixth of a profiled scan.
     * Two bits per question in {@link #lexiconAnswers}: asked, and the answer.
     */
    private Lexicons answersFrom;
    private byte[] lexiconAnswers;
    private static final int COMMON = 0, GIVEN_NAME = 1, NAME = 2, NATIONALITY = 3;

    /** {@link Lexicons#isCommonBase} of word {@code w}'s {@link #base}. */
    boolean isCommon(int w, Lexicons lexicons) {
        return answer(w, lexicons, COMMON);
    }

    /** {@link Lexicons#isGivenNameBase} of word {@code w}'s {@link #base}. */
    boolean isGivenName(int w, Lexicons lexicons) {
        return answer(w, lexicons, GIVEN_NAME);
    }

    /** {@link Lexicons#isNameBase} of word {@code w}'s {@link #base}. */
    boolean isName(int w, Lexicons lexicons) {
        return answer(w, lexicons, NAME);
    }

    /** {@link Lexicons#isNationalityBase} of word {@code w}'s {@link #base}. */
    boolean isNationality(int w, Lexicons lexicons) {
        return answer(w, lexicons, NATIONALITY);
    }

    private boolean answer(int w, Lexicons lexicons, int question) {
        if (answersFrom != lexicons) {
            // answers are kept for one scanner's lexicons; a detector with other lists (a test's) asks them directly
            if (answersFrom != null) return ask(lexicons, question, base(w));
            answersFrom = lexicons;
            lexiconAnswers = new byte[wordCount];
        }
        int asked = 1 << (2 * question), yes = asked << 1;
        int answers = lexiconAnswers[w];
        if ((answers & asked) == 0) {
            answers |= asked | (ask(lexicons, question, base(w)) ? yes : 0);
            lexiconAnswers[w] = (byte) answers;
        }
        return (answers & yes) != 0;
    }

    private static boolean ask(Lexicons lexicons, int question, String base) {
        return switch (question) {
            case COMMON -> lexicons.isCommonBase(base);
            case GIVEN_NAME -> lexicons.isGivenNameBase(base);
            case NAME -> lexicons.isNameBase(base);
            default -> lexicons.isNationalityBase(base);
        };
    }

    boolean isDigitAt(int i) {
        return i >= 0 && i < text.length() && Character.isDigit(text.charAt(i));
    }

    /** A matcher whose look-behinds and boundaries see the whole subject when its region is narrowed. */
    static Matcher transparent(Pattern pattern, String subject) {
        return pattern.matcher(subject).useTransparentBounds(true).useAnchoringBounds(false);
    }

    /** Whether {@code m} matches starting exactly at {@code start}. */
    static boolean matchesAt(Matcher m, int start) {
        m.region(start, m.regionEnd());
        return m.lookingAt();
    }

    /**
     * Every match of {@code pattern} in {@code subject} (the text or its lowered copy) that begins at one of
     * {@code starts} accepted by {@code where}, in order and without overlaps, as {@link Matcher#find()} would report
     * them when no match can begin elsewhere. Look-behinds and word boundaries see the whole text.
     */
    static void matches(Pattern pattern, String subject, int[] starts, int count, IntPredicate where, Consumer<Matcher> action) {
        Matcher m = null;
        int from = 0;
        for (int k = 0; k < count; k++) {
            int s = starts[k];
            if (s < from || !where.test(s)) continue;
            if (m == null) m = transparent(pattern, subject);
            m.region(s, subject.length());
            if (m.lookingAt()) {
                action.accept(m);
                from = Math.max(m.end(), s + 1);
            }
        }
    }
}
