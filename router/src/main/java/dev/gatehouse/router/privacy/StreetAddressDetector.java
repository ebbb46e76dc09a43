package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postal addresses, by the shapes streets are written in:
 * <ul>
 *   <li>number, street name, street suffix (221B Baker Street, 2437 Main St, 17 Lovers Lane) — 0.85;</li>
 *   <li>street words that carry the suffix in many languages (Strickstrasse 61, Hammarvägen 15, Wingertweg 126,
 *       Harjukuja 54, Király u. 15) — 0.8;</li>
 *   <li>street words that come first (Rue de la Gare 12, Rua Diadema 1903, Via Roma 5, Calle Mayor 3) — 0.75;</li>
 *   <li>a capitalised word and a house number (Allika 46) only where the text talks about an address (a "live",
 *       "address", "deliver" ... word anywhere in it) — 0.45;</li>
 *   <li>PO boxes and units (Apt. 805, Suite 292) — 0.7.</li>
 * </ul>
 * A building number right before a found street joins its span.
 */
final class StreetAddressDetector implements Detector {
    private static final String NAME_WORD = "[\\p{Lu}\\d][\\p{L}'’.-]*+";
    private static final String SUFFIX = "(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|"
            + "Way|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Loop|Crescent|Cres|Close|Row|Mews|"
            + "Grove|Gardens|Hill|Park|Alley|Plaza|Path|Pike|Point|Ridge|Run|Crossing|Walk|View|Heights|Expressway|Freeway|Str)";
    private static final Pattern NUMBER_NAME_SUFFIX = Pattern.compile(
            "(?<![\\w-])\\d{1,6}[A-Za-z]?(?:\\s+" + NAME_WORD + "){1,4}?\\s+" + SUFFIX + "\\b\\.?");
    private static final Pattern WORD_NUMBER = Pattern.compile(
            "(?u)\\p{L}[\\p{L}'’-]++\\.?\\s(\\d{1,5}[A-Za-z]?)(?![\\w-]|[.,/:]\\d)");
    private static final List<String> STREET_ENDINGS = List.of("strasse", "straße", "str.", "gasse", "weg", "allee", "platz",
            "ring", "damm", "ufer", "vägen", "vagen", "gatan", "gata", "vej", "gade", "veien", "vegen", "veg", "laan", "straat",
            "plein", "kade", "gracht", "kuja", "tie", "katu", "polku", "utca", "u.", "ulica", "ul.", "cesta", "ulice", "trg",
            "iela", "tänav", "tee", "väg", "stræde", "sokak", "caddesi", "sokağı");
    private static final Pattern PREFIXED_STREET = Pattern.compile("(?u)(?=[RrVCcASPLTQIUBua])(?<![\\w-])(?:Rue|rue|Rua|rua|Via|Viale|Calle|calle|"
            + "Avenida|Avda\\.|Carrer|Strada|Piazza|Plaza|Praça|Largo|Chemin|Boulevard|Travessa|Camino|Paseo|Rambla|Ulica|"
            + "Avenue|Place|Quai|Allée|Route|Cours|Impasse|ul\\.|al\\.|Av\\.?)(?:\\s+(?:de|del|della|di|da|do|dos|das|la|le|les|des|du|[\\p{L}'’-]+)){1,5}?"
            + "(?:\\s*,?\\s*\\d{1,5}[A-Za-z]?\\b|(?=\\s*[,\\n]))");
    private static final Pattern UNIT = Pattern.compile(
            "(?=[pasuf])(?<![\\w-])(?:p\\.?\\s?o\\.?\\s?box|post\\s?office\\s?box|apt\\.?|apartment|suite|ste\\.?|unit|flat)\\s*#?\\s*\\d{1,6}[A-Za-z]?\\b");
    private static final java.util.Set<String> ADDRESS_TALK = java.util.Set.of("address", "addresses", "live", "lives", "living",
            "lived", "located", "location", "moved", "moving", "move", "deliver", "delivery", "ship", "shipping", "shipped", "send",
            "sent", "mail", "reside", "resides", "residence", "house", "home", "street", "apartment", "office", "visit", "validate",
            "billing", "where", "parcel", "package", "postal");
    private static final java.util.Set<String> PREFIX_STARTS = java.util.Set.of("rue", "rua", "via", "cal", "ave", "avd", "car",
            "str", "pia", "pla", "pra", "lar", "che", "bou", "tra", "cam", "pas", "ram", "uli", "qua", "all", "rou", "cou", "imp",
            "ul.", "al.", "av ", "av.");
    private static final String[] UNIT_STARTS = {"po", "p.", "p ", "post", "apt", "apartment", "suite", "ste", "unit", "flat"};
    private static final Pattern BUILDING_NUMBER_BEFORE = Pattern.compile("(?<![\\w-])\\d{1,6}[A-Za-z]?[ \\t]+$");

    private final Lexicons lexicons;

    StreetAddressDetector(Lexicons lexicons) {
        this.lexicons = lexicons;
    }

    /**
     * Whether a building number as the address patterns begin can start at {@code s}:
     * {@code (?<![\w-])\d{1,6}[A-Za-z]?\s}, read by hand. Most numbers in a text (years, prices, phone groups) fail
     * here before any pattern is tried.
     */
    static boolean buildingNumberAt(String text, int s) {
        int n = text.length();
        if (s > 0) {
            char p = text.charAt(s - 1);
            if (p == '-' || p == '_' || (p >= '0' && p <= '9') || (p >= 'a' && p <= 'z') || (p >= 'A' && p <= 'Z')) return false;
        }
        int e = s;
        while (e < n && text.charAt(e) >= '0' && text.charAt(e) <= '9') e++;
        if (e == s || e - s > 6 || e >= n) return false;
        char c = text.charAt(e);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return e + 1 < n && asciiSpace(text.charAt(e + 1));
        return asciiSpace(c);
    }

    /** Whether, after the building number at {@code s} and its spaces, a NAME_WORD can begin (a capital or a digit). */
    private static boolean nameWordAfter(String text, int s) {
        int i = s;
        while (text.charAt(i) >= '0' && text.charAt(i) <= '9') i++;
        if (!asciiSpace(text.charAt(i))) i++; // the letter of "12b"
        while (i < text.length() && asciiSpace(text.charAt(i))) i++;
        if (i >= text.length()) return false;
        char c = text.charAt(i);
        return Character.isUpperCase(c) || Character.isSurrogate(c) || (c >= '0' && c <= '9');
    }

    /** {@code \s} without UNICODE_CHARACTER_CLASS. */
    private static boolean asciiSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text, lower = scan.lower;
        if (scan.digitStartCount == 0) return; // every shape below has a number
        ScanText.matches(NUMBER_NAME_SUFFIX, text, scan.digitStarts, scan.digitStartCount, s -> buildingNumberAt(text, s) && nameWordAfter(text, s),
                m -> addSpan(text, m.start(), m.end(), 0.85, lexicons, out));
        ScanText.matches(PREFIXED_STREET, text, scan.alnumStarts, scan.alnumStartCount, s -> "rvcasplqiub".indexOf(lower.charAt(s)) >= 0
                && s + 3 <= lower.length() && PREFIX_STARTS.contains(lower.substring(s, s + 3)),
                m -> addSpan(text, m.start(), m.end(), 0.75, lexicons, out));
        ScanText.matches(UNIT, lower, scan.alnumStarts, scan.alnumStartCount, s -> "pasuf".indexOf(lower.charAt(s)) >= 0 && startsWithAny(lower, s, UNIT_STARTS),
                m -> addSpan(text, m.start(), m.end(), 0.7, lexicons, out));
        // whether the text talks about addresses: read only when a capitalised word before a number needs it
        var addressTalk = new Object() {
            Boolean value;

            boolean get() {
                if (value == null) value = addressTalk(scan);
                return value;
            }
        };
        int[] wordBeforeNumber = wordsBeforeNumbers(scan);
        ScanText.matches(WORD_NUMBER, text, wordBeforeNumber, wordBeforeNumber.length, s -> true, m -> {
            String word = lower.substring(m.start(), m.start(1)).strip();
            if (STREET_ENDINGS.stream().anyMatch(word::endsWith) && !midWord(text, m.start()) && !lexicons.isCommon(word)) {
                addSpan(text, m.start(), m.end(), 0.8, lexicons, out);
            } else if (Character.isUpperCase(text.charAt(m.start())) && !midWord(text, m.start())
                    && addressTalk.get()) {
                addSpan(text, m.start(), m.end(), 0.45, lexicons, out);
            }
        });
    }

    private static boolean startsWithAny(String lower, int s, String[] prefixes) {
        for (String p : prefixes) if (lower.startsWith(p, s)) return true;
        return false;
    }

    /** A word about addresses anywhere in the text ("live", "deliver", "find us" ...). */
    private static boolean addressTalk(ScanText scan) {
        String lower = scan.lower;
        int n = lower.length();
        for (int s = 0; s < n; s++) {
            if (!Character.isLetter(lower.charAt(s)) || (s > 0 && Character.isLetterOrDigit(lower.charAt(s - 1)))) continue;
            int e = s;
            while (e < n && Character.isLetterOrDigit(lower.charAt(e))) e++;
            if (e - s < 4 || e - s > 10) {
                s = e;
                continue;
            }
            String word = lower.substring(s, e);
            if (ADDRESS_TALK.contains(word)) return true;
            if ((word.equals("find") && lower.startsWith(" us", e) && !scanLetterOrDigit(lower, e + 3)) || (word.equals("come") && lower.startsWith(" to", e))) return true;
            s = e;
        }
        return false;
    }

    private static boolean scanLetterOrDigit(String s, int i) {
        return i < s.length() && Character.isLetterOrDigit(s.charAt(i));
    }

    /** The first letter of the word run right before each number ("Hammarvägen 15"): where WORD_NUMBER can match. */
    private static int[] wordsBeforeNumbers(ScanText scan) {
        String text = scan.text;
        int[] starts = new int[scan.digitStartCount];
        int k = 0;
        for (int d = 0; d < scan.digitStartCount; d++) {
            int i = scan.digitStarts[d] - 1;
            if (i < 1 || !Character.isWhitespace(text.charAt(i))) continue;
            i--;
            if (text.charAt(i) == '.') i--;
            int end = i + 1;
            while (i >= 0 && (Character.isLetter(text.charAt(i)) || "'’-".indexOf(text.charAt(i)) >= 0)) i--;
            int start = i + 1;
            while (start < end && !Character.isLetter(text.charAt(start))) start++;
            if (end - start >= 2 && (k == 0 || start > starts[k - 1])) starts[k++] = start;
        }
        return java.util.Arrays.copyOf(starts, k);
    }

    /** Reports the street with the building number before it and the rest of its address after it ({@link AddressTail}). */
    static void addSpan(String text, int start, int end, double confidence, Lexicons lexicons, List<Finding> out) {
        while (end > start && (text.charAt(end - 1) == ',' || Character.isWhitespace(text.charAt(end - 1)))) end--;
        Matcher building = BUILDING_NUMBER_BEFORE.matcher(text.substring(Math.max(0, start - 12), start));
        if (building.find()) start = Math.max(0, start - 12) + building.start();
        // a weak guess ("During 1971" where the text talks about addresses) gets no tail: its town would be a guess on a guess
        int addressEnd = confidence >= 0.6 ? AddressTail.extend(text, start, end, lexicons, out) : end;
        out.add(new Finding(EntityTypes.STREET_ADDRESS, start, addressEnd, confidence));
    }

    private static boolean midWord(String text, int start) {
        return start > 0 && Character.isLetterOrDigit(text.charAt(start - 1));
    }
}
