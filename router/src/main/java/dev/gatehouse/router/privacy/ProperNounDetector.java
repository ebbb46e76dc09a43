package dev.gatehouse.router.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of people, places, organisations and nationalities without an NER model: runs of capitalised words, sorted by
 * lexicons (given names, surnames, places, nationalities, organisation suffixes) and by the words around them.
 * <ul>
 *   <li>after an honorific (Mr., Dr., Dear) or a naming cue ("my name is", "call me") — PERSON 0.9;</li>
 *   <li>ending in an organisation word (Inc, LLC, Associates) or shaped like a firm ("Hicks, Ross and Brown") — ORGANIZATION;</li>
 *   <li>a known place — GPE 0.85; a nationality or religion, any case — NRP 0.8;</li>
 *   <li>containing a known given name or surname — PERSON 0.75;</li>
 *   <li>only ordinary English words (a 40,000-word dictionary) and no given name — nothing: "Action &amp; Adventure";</li>
 *   <li>after "in", "from", "near" ... — GPE 0.5, also in capitals ("flew to OULU"); after the weaker "to", "at", "of"
 *       only a single word or one in capitals — a longer run there is a person ("the assistant to Asya Godina");</li>
 *   <li>a word with a capital inside it (MysticWeb) — ORGANIZATION 0.4;</li>
 *   <li>any other capitalised word that is not an ordinary word — PERSON 0.4 inside a sentence, 0.45 at its start
 *       (recall first: most such words in requests are names; ordinary words that start sentences are in the dictionary).</li>
 * </ul>
 * Honorifics themselves are reported as TITLE.
 */
final class ProperNounDetector implements Detector {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}]++(?:['’-][\\p{L}\\p{M}]++)*+");
    private static final Set<String> HONORIFICS = Set.of("mr", "mrs", "ms", "mx", "miss", "dr", "prof", "sir", "dame", "lady",
            "lord", "madam", "mister", "dear");
    private static final Set<String> CONNECTORS = Set.of("van", "von", "de", "der", "den", "da", "di", "del", "della", "dos",
            "du", "la", "le", "bin", "al", "el", "ter", "ten", "y");
    private static final TrailingCue NAMING_CUE = TrailingCue.anyEnding("my name is", "name's", "names", "i am", "i'm",
            "this is", "called", "named", "call me", "signed", "regards,", "regards", "sincerely,", "sincerely", "thanks,", "thanks",
            "hi", "hello", "hey", "from:", "to:", "cc:", "attn:", "attn", "met", "ask", "tell", "contact", "name?", "name:",
            "name is");
    private static final TrailingCue PLACE_CUE = TrailingCue.words("in", "from", "near", "visit", "visiting", "visited",
            "towards", "across", "around", "outside", "inside", "into", "via", "flew to", "moved to", "drove to", "travel to",
            "traveled to", "travelled to", "traveling to", "travelling to", "trip to", "fly to", "move to");
    private static final Set<String> PEOPLE_NOUNS = Set.of("founders", "cofounders", "co-founders", "partners", "children", "kids",
            "sons", "daughters", "brothers", "sisters", "siblings", "parents", "friends", "members", "guests", "authors",
            "speakers", "winners", "employees", "colleagues", "students", "players", "people");
    private static final Set<String> PRONOUNS = Set.of("i", "you", "we", "he", "she", "they", "it");
    private static final TrailingCue WEAK_PLACE_CUE = TrailingCue.words("to", "at", "of");
    private static final Pattern FIRM = Pattern.compile("(?u)\\p{Lu}[\\p{L}'-]++,\\s\\p{Lu}[\\p{L}'-]++,?\\sand\\s\\p{Lu}[\\p{L}'-]++");

    private final Lexicons lexicons;

    ProperNounDetector(Lexicons lexicons) {
        this.lexicons = lexicons;
    }

    /** Word {@code index} of the scan, its folded form ({@link Lexicons#fold}) and where it is. */
    private record Token(int index, String word, String fold, int start, int end) {}

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text;
        if (scan.searchText.contains(" and ")) {
            ScanText.matches(FIRM, text, scan.alnumStarts, scan.alnumStartCount, s -> Character.isUpperCase(text.charAt(s)) && commaAfterWord(text, s), firm -> {
                // "Hicks, Ross and Brown" is a firm; "Anna, Ben and Carl" are people
                boolean givenNames = WORD.matcher(firm.group()).results().map(r -> Lexicons.fold(r.group()))
                        .filter(w -> !w.equals("and")).allMatch(lexicons.givenNames()::contains);
                if (!givenNames && !peopleList(text, firm.start())) out.add(new Finding(EntityTypes.ORGANIZATION, firm.start(), firm.end(), 0.95));
            });
        }
        List<Token> run = new ArrayList<>();
        Token previous = null;
        for (int w = 0; w < scan.wordCount; w++) {
            Token token = new Token(w, scan.word(w), scan.fold(w), scan.wordStart[w], scan.wordEnd[w]);
            if (scan.isNationality(w, lexicons)) out.add(new Finding(EntityTypes.NRP, token.start(), token.end(), 0.8));
            if (isHonorific(text, token)) {
                if (!token.word().equalsIgnoreCase("dear")) {
                    out.add(new Finding(EntityTypes.TITLE, token.start(), token.end() + (dotAfter(text, token) ? 1 : 0), 0.9));
                }
                flush(scan, run, out);
                previous = token;
                continue;
            }
            boolean joins = previous != null && !run.isEmpty() && joinable(text, previous, token);
            if (notAName(text, token)) {
                flush(scan, run, out);
            } else if (capitalised(token.word()) || (joins && CONNECTORS.contains(token.word()))) {
                if (!joins) flush(scan, run, out);
                run.add(token);
                if (possessive(token.word())) flush(scan, run, out); // "Emmie Ström's Cautionary Tales": the name ends at 's
            } else {
                flush(scan, run, out);
            }
            previous = token;
        }
        flush(scan, run, out);
    }

    private void flush(ScanText scan, List<Token> run, List<Finding> out) {
        if (run.isEmpty()) return;
        String text = scan.text;
        // connectors only join names; trailing ones and sentence-initial ordinary words are not part of the name
        while (!run.isEmpty() && !capitalised(run.getLast().word())) run.removeLast();
        if (!run.isEmpty() && lexicons.places().contains(phrase(text, run))) {
            out.add(new Finding(EntityTypes.GPE, run.getFirst().start(), run.getLast().end(), 0.85));
            run.clear();
            return;
        }
        boolean firm = run.size() >= 2 && lexicons.organizationSuffixes().contains(run.getLast().fold());
        String before = text.substring(Math.max(0, run.getFirst().start() - 24), run.getFirst().start());
        boolean cued = afterHonorific(before) || NAMING_CUE.endsText(before); // "Mrs. Baker", "her maiden name is Key"
        if (!cued && run.size() == 1 && invertedQuestion(scan, run.getFirst())) {
            run.clear();
            return;
        }
        while (!firm && !cued && !run.isEmpty() && common(scan, run.getFirst())
                && !scan.isGivenName(run.getFirst().index(), lexicons)
                && (run.size() == 1 || common(scan, run.get(1)) || !scan.isName(run.getFirst().index(), lexicons))) {
            run.removeFirst();
        }
        if (!run.isEmpty()) classify(scan, List.copyOf(run), out);
        run.clear();
    }

    private void classify(ScanText scan, List<Token> run, List<Finding> out) {
        String text = scan.text;
        int start = run.getFirst().start();
        int end = run.getLast().end();
        String before = text.substring(Math.max(0, start - 24), start);
        String phrase = phrase(text, run);
        boolean allCaps = run.stream().allMatch(t -> t.word().equals(t.word().toUpperCase(Locale.ROOT)) && t.word().length() > 1);
        boolean anyName = run.stream().anyMatch(t -> scan.isName(t.index(), lexicons));
        boolean givenName = run.stream().anyMatch(t -> scan.isGivenName(t.index(), lexicons));
        boolean allCommon = run.stream().allMatch(t -> common(scan, t) || t.word().length() == 1);
        String last = run.getLast().fold();

        if (run.size() >= 2 && lexicons.organizationSuffixes().contains(last)) {
            out.add(new Finding(EntityTypes.ORGANIZATION, start, end + (dotAfter(text, run.getLast()) ? 1 : 0), 0.8));
        } else if (lexicons.places().contains(phrase)) {
            out.add(new Finding(EntityTypes.GPE, start, end, 0.85));
        } else if (run.size() == 1 && scan.isNationality(run.getFirst().index(), lexicons)) {
            return; // already reported as NRP
        } else if (afterHonorific(before) || NAMING_CUE.endsText(before)) {
            out.add(new Finding(EntityTypes.PERSON, start, end, anyName || afterHonorific(before) ? 0.9 : 0.6));
        } else if (givenName || (anyName && !allCommon)) {
            out.add(new Finding(EntityTypes.PERSON, start, end, 0.75));
        } else if (allCommon) {
            return; // Title Case ordinary words: headings, song titles, "Action & Adventure"
        } else if (!possessive(run.getLast().word()) && PLACE_CUE.endsText(before)
                || (WEAK_PLACE_CUE.endsText(before) && (run.size() == 1 || allCaps))) {
            if (!allCaps || end - start >= 4) out.add(new Finding(EntityTypes.GPE, start, end, 0.5));
        } else if (allCaps) {
            return; // shouting or acronyms; a known name or place above still counts
        } else if (run.size() == 1 && innerCapital(run.getFirst().word())) {
            out.add(new Finding(EntityTypes.ORGANIZATION, start, end, 0.4));
        } else {
            out.add(new Finding(EntityTypes.PERSON, start, end, sentenceInitial(text, start) ? 0.45 : 0.4));
        }
    }

    /**
     * "Hicks, Ross and Brown" is a firm's name, but not as the tail of a longer list ("Amy, Nathaniel, Donald and
     * Kristen") or after people are announced ("our 3 founders: Kónya, Becker and Vasquez"): then each is a person.
     */
    private static boolean peopleList(String text, int start) {
        String before = text.substring(Math.max(0, start - 30), start).toLowerCase(Locale.ROOT);
        if (before.endsWith(", ")) return true;
        if (!before.endsWith(": ")) return false;
        int wordStart = before.length() - 2;
        while (wordStart > 0 && Character.isLetter(before.charAt(wordStart - 1))) wordStart--;
        return PEOPLE_NOUNS.contains(before.substring(wordStart, before.length() - 2));
    }

    /** Whether the word at {@code s} ({@code [\p{L}'-]} chars) is followed by ", " as a FIRM match's first word must be. */
    private static boolean commaAfterWord(String text, int s) {
        int i = s + 1;
        while (i < text.length() && (Character.isLetter(text.charAt(i)) || Character.isSurrogate(text.charAt(i)) || text.charAt(i) == '\''
                || text.charAt(i) == '-')) i++;
        return i > s + 1 && i + 1 < text.length() && text.charAt(i) == ',' && isAsciiSpace(text.charAt(i + 1));
    }

    private static boolean isAsciiSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /**
     * Capitalised tokens that are no name: the pronoun "I" ("Can I ..."), a form label alone on its line ("Website:"),
     * a label glued to a number ("966-Fax"), a word glued to the digits after it.
     */
    private static boolean notAName(String text, Token token) {
        if (token.word().equals("I")) return true;
        int end = token.end();
        // glued to digits, a word is part of a code ("DE89 3704 ...", "A320"): "the IBAN DE89 ..." names nobody
        if (end < text.length() && Character.isDigit(text.charAt(end))) return true;
        if (end < text.length() && text.charAt(end) == ':' && (end + 1 == text.length() || text.charAt(end + 1) == '\n')
                && lineStartsAt(text, token.start())) return true;
        return token.start() >= 2 && text.charAt(token.start() - 1) == '-' && Character.isDigit(text.charAt(token.start() - 2));
    }

    private static boolean lineStartsAt(String text, int start) {
        int i = start - 1;
        while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i--;
        return i < 0 || text.charAt(i) == '\n';
    }

    /** "Can you", "Will I": an ordinary word starting a sentence and followed by a subject pronoun is a verb. */
    private boolean invertedQuestion(ScanText scan, Token token) {
        String text = scan.text;
        if (!sentenceInitial(text, token.start()) || !common(scan, token)) return false;
        int i = token.end();
        if (i >= text.length() || text.charAt(i) != ' ') return false;
        int j = i + 1;
        while (j < text.length() && Character.isLetter(text.charAt(j))) j++;
        return PRONOUNS.contains(text.substring(i + 1, j).toLowerCase(Locale.ROOT));
    }

    private boolean common(ScanText scan, Token token) {
        return scan.isCommon(token.index(), lexicons);
    }

    private static boolean possessive(String word) {
        return word.length() > 3 && (word.endsWith("'s") || word.endsWith("’s"));
    }

    private static String phrase(String text, List<Token> run) {
        if (run.size() == 1) return run.getFirst().fold();
        var joined = new StringBuilder();
        for (Token t : run) joined.append(joined.isEmpty() ? "" : " ").append(t.word());
        return Lexicons.fold(joined.toString());
    }

    /** MysticWeb, PayPal: a capital after the first letter marks a brand more often than a name (McDonald aside). */
    private static boolean innerCapital(String word) {
        for (int i = 2; i < word.length(); i++) {
            if (Character.isUpperCase(word.charAt(i)) && Character.isLowerCase(word.charAt(i - 1))) return !word.startsWith("Mc");
        }
        return false;
    }

    private static boolean afterHonorific(String before) {
        String trimmed = before.stripTrailing();
        if (trimmed.endsWith(".")) trimmed = trimmed.substring(0, trimmed.length() - 1);
        int space = Math.max(trimmed.lastIndexOf(' '), trimmed.lastIndexOf('\n'));
        return !trimmed.isEmpty() && HONORIFICS.contains(Lexicons.fold(trimmed.substring(space + 1)));
    }

    private static boolean isHonorific(String text, Token token) {
        return capitalised(token.word()) && HONORIFICS.contains(token.fold())
                && nextCapitalised(text, token.end() + (dotAfter(text, token) ? 1 : 0));
    }

    private static boolean nextCapitalised(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) == ' ') i++;
        return i > from && i < text.length() && Character.isUpperCase(text.charAt(i));
    }

    private static boolean dotAfter(String text, Token token) {
        return token.end() < text.length() && text.charAt(token.end()) == '.';
    }

    /** Two tokens belong to one name when only one space, or an initial's ". ", separates them. */
    private static boolean joinable(String text, Token a, Token b) {
        int gap = b.start() - a.end();
        return (gap == 1 && text.charAt(a.end()) == ' ')
                || (gap == 2 && text.charAt(a.end()) == '.' && text.charAt(a.end() + 1) == ' ' && a.word().length() == 1);
    }

    private static boolean capitalised(String word) {
        return Character.isUpperCase(word.codePointAt(0));
    }

    static boolean sentenceInitial(String text, int start) {
        int i = start - 1;
        while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '"' || text.charAt(i) == '\'' || text.charAt(i) == '“'
                || text.charAt(i) == '(')) i--;
        return i < 0 || ".!?\n\r\t".indexOf(text.charAt(i)) >= 0;
    }
}
