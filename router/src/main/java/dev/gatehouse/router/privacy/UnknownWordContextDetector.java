package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Names, places and streets typed in lower case that no word list knows. No list holds every surname, village or
 * street abroad, but where such a word stands gives it away, whatever its case:
 * <ul>
 *   <li>two or more adjacent unknown words, or a known given name followed by one (particles such as "de" or "van"
 *       may join them) — a name: GPE 0.45 after a place preposition ("in", "near"), PERSON 0.45 otherwise;</li>
 *   <li>one unknown word after a cue only a person follows ("met", "thanks", "the wife of") or before one only a
 *       person precedes ("said", "wrote") — PERSON 0.4;</li>
 *   <li>unknown words before a street-type word of a common language and a house number ("… út 98", "… strasse
 *       5"), or after a prefix street word ("calle … 12"), or one unknown word ending in a street suffix followed by a
 *       number ("hauptstrasse 5") — STREET_ADDRESS 0.5;</li>
 *   <li>a place preposition, unknown words and a number of four to six digits — GPE 0.45 and ZIP_CODE 0.5.</li>
 * </ul>
 * Unknown means: lower case, three letters or more, and neither an English word nor a nationality. Text where
 * unknown words are common (another language, code, identifiers) is left to strict egress, which keeps it internal:
 * there a run of unknown words says nothing.
 */
final class UnknownWordContextDetector implements Detector {
    /** Above this share of unknown words among the lower-case ones, the text is not English prose. */
    private static final double MAX_UNKNOWN_SHARE = 0.25;
    private static final int MAX_RUN = 4;

    private static final Set<String> PARTICLES = Set.of("de", "del", "della", "di", "da", "do", "dos", "das", "van",
            "von", "der", "den", "ter", "ten", "le", "la", "du", "bin", "ibn", "al", "el", "y");
    private static final Set<String> PLACE_PREPOSITIONS = Set.of("in", "near", "at", "around", "outside",
            "inside", "via");
    private static final Set<String> PERSON_BEFORE = Set.of("met", "meet", "meeting", "heard", "ask", "asked", "tell",
            "told", "thank", "thanks", "call", "email", "emailed", "text", "texted", "invite", "invited", "hire",
            "hired", "married", "marry", "visit", "visited", "contact", "contacted", "mr", "mrs", "ms", "dr", "prof",
            "uncle", "aunt", "cousin", "grandma", "grandpa", "mom", "dad", "wife", "husband", "son", "daughter",
            "brother", "sister", "friend", "boss", "colleague", "coworker", "neighbour", "neighbor", "patient",
            "client");
    /** Nouns that, before "of", make the next word a person ("the gender of …", "the wife of …"). */
    private static final Set<String> PERSON_OF = Set.of("gender", "wife", "husband", "son", "daughter", "mother",
            "father", "brother", "sister", "friend", "friends", "parents", "children", "family", "birthday", "death",
            "life", "biography", "career", "funeral", "wedding", "girlfriend", "boyfriend", "partner", "widow");
    private static final Set<String> PERSON_AFTER = Set.of("said", "says", "wrote", "writes", "replied", "replies",
            "answered", "explained", "mentioned", "told", "asked", "thinks", "believes", "emailed", "texted");
    /** Street words written after the name, in the languages addresses are most often written in. */
    private static final Set<String> STREET_AFTER = Set.of("út", "utca", "útja", "tér", "körút", "fasor", "köz",
            "strasse", "straße", "str", "gasse", "weg", "platz", "allee", "damm", "ufer", "straat", "laan", "gracht",
            "plein", "vej", "gade", "gatan", "vägen", "väg", "gata", "katu", "tie", "kuja", "sokak", "sokağı",
            "caddesi", "cesta", "street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "drive", "dr",
            "boulevard", "blvd");
    /** Street words written before the name. */
    private static final Set<String> STREET_BEFORE = Set.of("calle", "avenida", "avda", "rua", "via", "viale",
            "piazza", "corso", "rue", "chemin", "ulica", "ul", "aleja", "al", "ulice", "carrer", "travessa");
    private static final String[] STREET_SUFFIXES = {"strasse", "straße", "gasse", "straat", "vej", "gade", "gatan",
            "vägen", "katu", "utca"};

    private final Lexicons lexicons;

    UnknownWordContextDetector(Lexicons lexicons) {
        this.lexicons = lexicons;
    }

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        boolean[] unknown = new boolean[scan.wordCount];
        int lowerWords = 0, unknownWords = 0;
        for (int w = 0; w < scan.wordCount; w++) {
            if (!Character.isLowerCase(scan.text.charAt(scan.wordStart[w]))) continue;
            lowerWords++;
            unknown[w] = isUnknown(scan, w);
            if (unknown[w]) unknownWords++;
        }
        // a two-word name is always allowed: in a short question it alone passes any share
        if (unknownWords == 0 || unknownWords > Math.max(2, MAX_UNKNOWN_SHARE * lowerWords)) return;
        int w = 0;
        while (w < scan.wordCount) {
            w = unknown[w] || scan.isGivenName(w, lexicons) ? fromRunAt(scan, unknown, w, out) : w + 1;
        }
    }

    /** Looks at the run of name-like words from {@code first}; returns the word after what it looked at. */
    private int fromRunAt(ScanText scan, boolean[] unknown, int first, List<Finding> out) {
        int last = first, unknownInRun = unknown[first] ? 1 : 0;
        for (int w = first + 1; w < scan.wordCount && w - first < MAX_RUN && spaceBetween(scan, w - 1, w); w++) {
            if (unknown[w]) {
                last = w;
                unknownInRun++;
            } else if (!PARTICLES.contains(scan.fold(w))) {
                break;
            }
        }
        if (unknownInRun == 0) return first + 1;
        int start = scan.wordStart[first], end = scan.wordEnd[last];
        String before = previousWord(scan, first), beforeThat = first >= 2 ? previousWord(scan, first - 1) : "";
        String after = last + 1 < scan.wordCount && spaceBetween(scan, last, last + 1) ? lower(scan, last + 1) : "";
        int number = numberAfter(scan, end);
        if (STREET_AFTER.contains(after) && unknown[first]) {
            int streetEnd = numberAfter(scan, scan.wordEnd[last + 1]);
            if (streetEnd > 0) {
                out.add(new Finding(EntityTypes.STREET_ADDRESS, start, streetEnd, 0.5));
                return last + 2;
            }
        }
        if (number > 0 && (STREET_BEFORE.contains(before) || endsWithStreetSuffix(lower(scan, last)))) {
            int from = STREET_BEFORE.contains(before) ? scan.wordStart[first - 1] : start;
            out.add(new Finding(EntityTypes.STREET_ADDRESS, from, number, 0.5));
            return last + 1;
        }
        boolean place = PLACE_PREPOSITIONS.contains(before);
        if (place && number > 0 && number - end >= 5 && digitsBetween(scan, end, number) >= 4) {
            out.add(new Finding(EntityTypes.GPE, start, end, 0.45));
            out.add(new Finding(EntityTypes.ZIP_CODE, end + 1, number, 0.5));
            return last + 1;
        }
        if (last > first && unknownInRun >= 1 && (unknownInRun >= 2 || !unknown[first])) {
            out.add(new Finding(place ? EntityTypes.GPE : EntityTypes.PERSON, start, end, 0.45));
            return last + 1;
        }
        boolean personCue = PERSON_BEFORE.contains(before)
                || ("of".equals(before) && PERSON_OF.contains(beforeThat))
                || PERSON_AFTER.contains(after);
        if (unknown[first] && personCue) {
            out.add(new Finding(EntityTypes.PERSON, start, end, 0.4));
        }
        return last + 1;
    }

    private boolean isUnknown(ScanText scan, int w) {
        if (scan.wordEnd[w] - scan.wordStart[w] < 3) return false;
        for (int i = scan.wordStart[w]; i < scan.wordEnd[w]; i++) {
            if (Character.isUpperCase(scan.text.charAt(i))) return false; // camelCase and acronyms are code
        }
        if (touchesCode(scan, w)) return false;
        return !scan.isCommon(w, lexicons) && !scan.isNationality(w, lexicons);
    }

    /** Part of a path, a host, an identifier or a number-word ("foo_bar", "a.b.c", "v2beta"): not prose. */
    private static boolean touchesCode(ScanText scan, int w) {
        int s = scan.wordStart[w], e = scan.wordEnd[w];
        char before = s > 0 ? scan.text.charAt(s - 1) : ' ', after = e < scan.text.length() ? scan.text.charAt(e) : ' ';
        return isCodeChar(before) || isCodeChar(after) || (after == '.' && e + 1 < scan.text.length()
                && Character.isLetterOrDigit(scan.text.charAt(e + 1)));
    }

    private static boolean isCodeChar(char c) {
        return c == '_' || c == '/' || c == '\\' || c == '@' || c == '=' || c == '<' || c == '>' || c == '`'
                || c == '$' || c == '{' || c == '}' || c == '[' || c == ']' || Character.isDigit(c);
    }

    private static boolean spaceBetween(ScanText scan, int a, int b) {
        return scan.wordStart[b] - scan.wordEnd[a] == 1 && scan.text.charAt(scan.wordEnd[a]) == ' ';
    }

    /** The word before {@code w} in lower case, accents kept ("út" is no "ut"), or "" when none stands right there. */
    private static String previousWord(ScanText scan, int w) {
        return w > 0 && spaceBetween(scan, w - 1, w) ? lower(scan, w - 1) : "";
    }

    private static String lower(ScanText scan, int w) {
        return scan.lower.substring(scan.wordStart[w], scan.wordEnd[w]).toLowerCase(Locale.ROOT);
    }

    /** The end of a house number or postal code right after {@code end} (" 98", " 15000", " 12b"), or -1. */
    private static int numberAfter(ScanText scan, int end) {
        String t = scan.text;
        if (end + 1 >= t.length() || t.charAt(end) != ' ' || !Character.isDigit(t.charAt(end + 1))) return -1;
        int i = end + 1;
        while (i < t.length() && i - end <= 6 && Character.isDigit(t.charAt(i))) i++;
        if (i - end > 6) return -1;
        if (i < t.length() && Character.isLetter(t.charAt(i))) {
            i++;
            if (i < t.length() && Character.isLetterOrDigit(t.charAt(i))) return -1; // "5kg", "12th" are no numbers
        }
        return i;
    }

    private static int digitsBetween(ScanText scan, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) if (Character.isDigit(scan.text.charAt(i))) n++;
        return n;
    }

    private static boolean endsWithStreetSuffix(String word) {
        for (String suffix : STREET_SUFFIXES) if (word.endsWith(suffix) && word.length() > suffix.length() + 2) return true;
        return false;
    }
}
