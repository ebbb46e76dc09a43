package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What follows a street and still belongs to the postal address. A street found by its shape ("2437 Main St",
 * "Strickstrasse 61") is often only the first part of an address; reporting the town, the state and the country
 * after it as separate places (or, worse, as people) loses the fact that together they locate someone. Read here:
 * <ul>
 *   <li>units right after the street: "Apt. 805", "Suite 12";</li>
 *   <li>the US two-line form, a next line of town, state and ZIP ("Springfield, IL 62704", "APO AE 09012"), and the
 *       same broken over lines ("Porto Alegre\n, RS\n Brazil 95828");</li>
 *   <li>after a unit, the town and country written without commas ("Suite 503 Nicosia Cyprus");</li>
 *   <li>a comma tail of town and country or postcode (", Lyon, France 69001"): the whole is one address;</li>
 *   <li>a comma tail of one town only (", Lyon"): that town is reported as a place (GPE 0.8), the street stays as it was.</li>
 * </ul>
 */
final class AddressTail {
    private static final String UNIT_WORD = "(?:Apt\\.?|Apartment|Suite|Ste\\.?|Unit|Flat|apt\\.?|suite|unit|flat)";
    private static final Pattern UNITS = Pattern.compile("(?:,?[ \\t]+" + UNIT_WORD + "[ \\t]*#?\\d{1,6}[A-Za-z]?\\b){1,4}+");
    /** "Town, ST 12345" or "APO AE 09012" on the next line. */
    private static final Pattern US_LINE = Pattern.compile(
            "\\n[ \\t]*(?:\\p{L}[\\p{L}'’. -]{0,40}?,[ \\t]*[A-Z]{2}|[AFD]PO[ \\t]+[A-Z]{2}|[afd]po[ \\t]+[a-z]{2})[ \\t]+\\d{5}(?:-\\d{4})?(?![\\w-])");
    /** "\nTown\n, ST\n Country 12345": a town line, a line that starts with a comma, and an optional country line. */
    private static final Pattern BROKEN_LINES = Pattern.compile(
            "\\n[ \\t]*\\p{L}[^\\n,]{0,40}\\n[ \\t]*,[ \\t]*[^\\n]{1,20}(?:\\n[ \\t]*\\p{L}[\\p{L}()' .-]{0,40}?(?:[ \\t]+\\d[\\d -]{2,8}\\d)?(?=[ \\t]*(?:$|[\\n.,?!])))?",
            Pattern.MULTILINE);
    private static final String PLACE_WORD = "\\p{Lu}[\\p{L}'’.()-]*+";
    /** After a unit: capitalised town (and country) words up to the end of the line or sentence. */
    private static final Pattern TOWN_AFTER_UNIT = Pattern.compile(
            "(?:[ \\t]+" + PLACE_WORD + "){1,4}(?=[ \\t]*(?:$|[\\n,.?!;]))", Pattern.MULTILINE);
    /** One comma-separated component: up to four capitalised words, short lower-case joiners between ("Črni Vrh nad Idrijo"). */
    private static final String COMPONENT = ",[ \\t]*(\\p{Lu}[\\p{L}'’()-]*+(?:[ \\t]+(?:\\p{Lu}[\\p{L}'’.()-]*+|\\p{Ll}{1,3}(?=[ \\t]\\p{Lu}))){0,3})";
    /** The same in an address typed all in lower case: any words, and the tail must end the line or sentence. */
    private static final String LOWER_COMPONENT = ",[ \\t]*(\\p{L}[\\p{L}'’()-]*+(?:[ \\t]+\\p{L}[\\p{L}'’()-]*+){0,3})";
    private static final String CODE = "(?:[ \\t]+(\\d{4,6}|\\d{2,3}[ -]\\d{2,3}))?";
    private static final Pattern COMMA_TAIL = Pattern.compile(
            COMPONENT + "(?:" + COMPONENT + ")?" + CODE + "(?=[ \\t]*(?:$|[\\n,.?!;])|[ \\t]+\\p{Ll})", Pattern.MULTILINE);
    private static final Pattern LOWER_COMMA_TAIL = Pattern.compile(
            LOWER_COMPONENT + "(?:" + LOWER_COMPONENT + ")?" + CODE + "(?=[ \\t]*(?:$|[\\n,.?!;]))", Pattern.MULTILINE);
    private static final java.util.Set<String> NOT_PLACES = java.util.Set.of("and", "or", "but", "please", "which", "where",
            "thanks", "thank", "so", "then", "because", "if", "when", "while", "in", "at", "on", "for", "to", "with", "i",
            "we", "you", "he", "she", "they", "it", "this", "that", "nan");

    private AddressTail() {}

    /**
     * The end of the address that begins with the street {@code [start, end)}: past its units and its town lines, as
     * far as they reach. A lone town after a comma is added to {@code out} as a place instead.
     */
    static int extend(String text, int start, int end, Lexicons lexicons, List<Finding> out) {
        int e = end;
        boolean unit = false;
        Matcher units = UNITS.matcher(text).region(e, text.length());
        if (units.lookingAt()) {
            e = units.end();
            unit = true;
        } else {
            unit = endsWithUnit(text, start, e);
        }
        Matcher us = US_LINE.matcher(text).region(e, text.length());
        if (us.lookingAt()) return us.end();
        Matcher broken = BROKEN_LINES.matcher(text).region(e, text.length());
        if (broken.lookingAt()) return trimEnd(text, e, broken.end());
        boolean lowerCaseAddress = !hasUpperCase(text, start, e);
        Matcher comma = (lowerCaseAddress ? LOWER_COMMA_TAIL : COMMA_TAIL).matcher(text).region(e, text.length());
        if (comma.lookingAt() && placeLike(comma.group(1), lowerCaseAddress, lexicons)
                && (comma.group(2) == null || placeLike(comma.group(2), lowerCaseAddress, lexicons))) {
            // "Springfield, IL 62704" on the street's own line: the ZIP detector reports the code, the town stays a place
            boolean usSameLine = comma.group(2) != null && comma.group(2).matches("[A-Z]{2}") && comma.group(3) != null;
            if (usSameLine) return e;
            if (comma.group(2) != null || comma.group(3) != null) return comma.end();
            out.add(new Finding(EntityTypes.GPE, comma.start(1), comma.end(1), 0.8));
            return e;
        }
        if (unit) {
            Matcher town = TOWN_AFTER_UNIT.matcher(text).region(e, text.length());
            if (town.lookingAt() && placeLike(town.group().strip(), false, lexicons)) return trimEnd(text, e, town.end());
        }
        return e;
    }

    private static boolean endsWithUnit(String text, int start, int end) {
        int i = end;
        while (i > start && Character.isLetterOrDigit(text.charAt(i - 1))) i--;
        if (i == end || !Character.isDigit(text.charAt(i))) return false;
        String before = text.substring(Math.max(start, i - 12), i).toLowerCase(java.util.Locale.ROOT).strip();
        return before.endsWith("apt.") || before.endsWith("apt") || before.endsWith("suite") || before.endsWith("unit")
                || before.endsWith("box") || before.endsWith("flat");
    }

    /** Words that can name a town or country: not a conjunction or pronoun, not one ordinary word, in the text's case. */
    private static boolean placeLike(String words, boolean lowerCaseAllowed, Lexicons lexicons) {
        String first = words.split("[ \\t]+")[0];
        if (NOT_PLACES.contains(Lexicons.fold(first))) return false;
        if (!lowerCaseAllowed && !Character.isUpperCase(first.codePointAt(0))) return false;
        if (lexicons.places().contains(Lexicons.fold(words))) return true;
        boolean allCommon = true;
        for (String w : words.split("[ \\t]+")) allCommon &= lexicons.isCommon(w) || w.length() == 1;
        return !allCommon;
    }

    private static boolean hasUpperCase(String text, int start, int end) {
        for (int i = start; i < end; i++) if (Character.isUpperCase(text.charAt(i))) return true;
        return false;
    }

    private static int trimEnd(String text, int start, int end) {
        while (end > start && (Character.isWhitespace(text.charAt(end - 1)) || text.charAt(end - 1) == ',' || text.charAt(end - 1) == '.')) end--;
        return end;
    }
}
