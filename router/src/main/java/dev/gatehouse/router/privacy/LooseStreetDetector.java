package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Streets written in shapes {@link StreetAddressDetector} does not read, each reported with its address tail
 * ({@link AddressTail}):
 * <ul>
 *   <li>US military addresses: "PSC 1234, Box 5678", "Unit 8505 Box 9220", a ship ("USNS Comfort") above an FPO line — 0.8;</li>
 *   <li>intersections: "the corner of Elm Road and 5th Avenue" — 0.8, the whole phrase;</li>
 *   <li>building number, street word(s) and house number inside a sentence ("drops you off at 74678 Dalmatinova 68"),
 *       where at least one street word is no ordinary English word — 0.65;</li>
 *   <li>a building number before a street that starts with its street word ("106 Rue Ettatawer", "9 ul. Polna"),
 *       the name running over capitalised and non-dictionary words — 0.75;</li>
 *   <li>Hungarian street forms ("Király u. 15.", "Erzsébet tér 19.") — 0.75;</li>
 *   <li>a name ending in a spelled-out street suffix without a number ("on Marina Fort Street"), where a name word is
 *       no ordinary English word ("Wall Street" stays a phrase) — 0.6.</li>
 * </ul>
 */
final class LooseStreetDetector implements Detector {
    private static final Pattern MILITARY = Pattern.compile(
            "(?i)(?<![\\w-])(?:(?:psc|unit|cmr)\\s\\d{1,5},?\\s+box\\s\\d{1,5}|(?:usns|usnv|uss|uscgc)\\s+\\p{L}[\\p{L}'’-]*+(?=[ \\t]*\\n[ \\t]*fpo\\s))");
    private static final String TOKEN = "[\\p{L}\\d][\\p{L}\\d'’./-]*+";
    private static final Pattern CORNER = Pattern.compile(
            "(?i)(?:the\\s)?corner\\sof\\s" + TOKEN + "(?:\\s" + TOKEN + "){0,5}?\\sand\\s(?-i:" + TOKEN + ")(?:\\s(?-i:[\\p{Lu}\\d]" + "[\\p{L}\\d'’./-]*+)){0,4}");
    private static final Pattern NUMBER_WORDS_NUMBER = Pattern.compile(
            "(?<![\\w-])\\d{1,6}[A-Za-z]?\\s(?:(?:ul|al)\\.\\s)?(\\p{L}[\\p{L}'’-]*+(?:\\s\\p{L}[\\p{L}'’-]*+){0,2})\\s\\d{1,5}[A-Za-z]?(?![\\w-]|[.,/:]\\d)");
    private static final Pattern NUMBER_THEN_STREET_WORD = Pattern.compile(
            "(?<![\\w-])\\d{1,6}[A-Za-z]?\\s(?:Rue|rue|Rua|rua|Via|Calle|Avenida|Av\\.?|Avenue|Avda\\.|Ulica|ul\\.|al\\.|Strada|Chemin|Quai|Boulevard)(?=\\s\\p{L})");
    private static final Pattern HUNGARIAN = Pattern.compile(
            "(?<![\\w-])\\p{Lu}[\\p{L}'’-]*+(?:\\s\\p{Lu}[\\p{L}'’-]*+){0,2}\\s(?:u\\.|utca|út|útja|tér|krt\\.|körút|rkp\\.|köz|sor|fasor)\\s\\d{1,4}\\.?(?![\\w-])");
    private static final List<String> HUNGARIAN_WORDS = List.of(" u. ", "utca", " út", "tér ", "krt.", "körút", "rkp.", " köz ", " sor ", "fasor");
    private static final Pattern NAME_THEN_SUFFIX = Pattern.compile(
            "(?<![\\w-])(\\p{Lu}[\\p{L}'’-]*+(?:\\s\\p{Lu}[\\p{L}'’-]*+){0,2})\\s(?:Street|Road|Avenue|Boulevard|Lane|Drive)\\b");
    private static final java.util.Set<String> CONNECTORS = java.util.Set.of("de", "del", "della", "di", "da", "do", "dos", "das",
            "la", "le", "les", "des", "du");

    private final Lexicons lexicons;

    LooseStreetDetector(Lexicons lexicons) {
        this.lexicons = lexicons;
    }

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text, lower = scan.lower;
        if (scan.searchLower.contains("box") || scan.searchLower.contains("fpo")) {
            ScanText.matches(MILITARY, text, scan.alnumStarts, scan.alnumStartCount, s -> "pucu".indexOf(lower.charAt(s)) >= 0,
                    m -> StreetAddressDetector.addSpan(text, m.start(), m.end(), 0.8, lexicons, out));
        }
        if (scan.searchLower.contains("corner of")) {
            ScanText.matches(CORNER, text, scan.alnumStarts, scan.alnumStartCount, s -> lower.charAt(s) == 't' || lower.charAt(s) == 'c',
                    m -> StreetAddressDetector.addSpan(text, m.start(), trimStreetAbbreviation(text, m.start(), m.end()), 0.8, lexicons, out));
        }
        if (scan.digitStartCount >= 2) {
            ScanText.matches(NUMBER_WORDS_NUMBER, text, scan.digitStarts, scan.digitStartCount, s -> StreetAddressDetector.buildingNumberAt(text, s), m -> {
                boolean unusual = false;
                for (String w : m.group(1).split("\\s")) unusual |= !lexicons.isCommon(w);
                if (unusual) StreetAddressDetector.addSpan(text, m.start(), m.end(), 0.65, lexicons, out);
            });
        }
        ScanText.matches(NUMBER_THEN_STREET_WORD, text, scan.digitStarts, scan.digitStartCount, s -> StreetAddressDetector.buildingNumberAt(text, s)
                        && "RrVCAUuaSQB".indexOf(text.charAt(afterBuildingNumber(text, s))) >= 0,
                m -> StreetAddressDetector.addSpan(text, m.start(), streetNameEnd(text, m.end()), 0.75, lexicons, out));
        if (HUNGARIAN_WORDS.stream().anyMatch(lower::contains)) ScanText.matches(HUNGARIAN, text, scan.alnumStarts, scan.alnumStartCount, s -> Character.isUpperCase(text.charAt(s)),
                m -> StreetAddressDetector.addSpan(text, m.start(), m.end(), 0.75, lexicons, out));
        String search = scan.searchLower;
        if (search.contains("street") || search.contains("road") || search.contains("avenue")
                || search.contains("boulevard") || search.contains("lane") || search.contains("drive")) {
            ScanText.matches(NAME_THEN_SUFFIX, text, scan.alnumStarts, scan.alnumStartCount,
                    s -> Character.isUpperCase(text.charAt(s)) && streetWordWithinThreeWords(text, s), m -> {
                boolean unusual = false;
                for (String w : m.group(1).split("\\s")) unusual |= !lexicons.isCommon(w);
                if (unusual) out.add(new Finding(EntityTypes.STREET_ADDRESS, m.start(), m.end(), 0.6));
            });
        }
    }

    /**
     * The offset after "12 " or "12b " at {@code s}, where {@link StreetAddressDetector#buildingNumberAt} holds: where the
     * street word (Rue, Via, Calle, Avenue ...) must begin.
     */
    private static int afterBuildingNumber(String text, int s) {
        int e = s;
        while (text.charAt(e) >= '0' && text.charAt(e) <= '9') e++;
        if (!Character.isWhitespace(text.charAt(e))) e++; // the letter of "12b"
        return Math.min(e + 1, text.length() - 1);
    }

    private static final String[] STREET_WORDS = {"Street", "Road", "Avenue", "Boulevard", "Lane", "Drive"};

    /**
     * Whether one of NAME_THEN_SUFFIX's street words follows a space within the pattern's reach from {@code s}: one to
     * three words of {@code [\p{L}'’-]} joined by single spaces. Most capitalised words have none after them.
     */
    private static boolean streetWordWithinThreeWords(String text, int s) {
        int spaces = 0;
        for (int i = s + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                for (String w : STREET_WORDS) if (text.startsWith(w, i + 1)) return true;
                if (++spaces == 3) return false;
            } else if (!(Character.isLetter(c) || Character.isSurrogate(c) || c == '\'' || c == '’' || c == '-')) {
                return false;
            }
        }
        return false;
    }

    /** The end of a street name after its street word: capitalised words, lower-case connectors, unknown words. */
    private int streetNameEnd(String text, int from) {
        int end = from, i = from;
        for (int words = 0; words < 5; words++) {
            if (i >= text.length() || text.charAt(i) != ' ') break;
            int s = i + 1, e = s;
            while (e < text.length() && (Character.isLetter(text.charAt(e)) || "'’-".indexOf(text.charAt(e)) >= 0)) e++;
            if (e == s) break;
            String word = text.substring(s, e);
            boolean name = Character.isUpperCase(word.charAt(0)) || !lexicons.isCommon(word);
            if (!name && !CONNECTORS.contains(word)) break;
            if (word.equals("St") || word.equals("Apt") || word.equals("Suite")) break;
            i = e;
            if (name) end = e;
        }
        return end;
    }

    /** "... and Herceg Gateway St." keeps the street name; the trailing "St." is how the sentence names it. */
    private static int trimStreetAbbreviation(String text, int start, int end) {
        String span = text.substring(start, end);
        if (span.endsWith(" St.")) return end - 4;
        if (span.endsWith(" St")) return end - 3;
        return end;
    }
}
