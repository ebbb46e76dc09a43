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
            + "Grove|Gardens|Hill|Park|Alley|Plaza|Path|Pike|Point|Ridge|Run|Crossing|Walk|View|Heights|Expressway|Freeway)";
    private static final Pattern NUMBER_NAME_SUFFIX = Pattern.compile(
            "(?<![\\w-])\\d{1,6}[A-Za-z]?(?:\\s+" + NAME_WORD + "){1,4}?\\s+" + SUFFIX + "\\b\\.?");
    private static final Pattern WORD_NUMBER = Pattern.compile(
            "(?u)\\p{L}[\\p{L}'’-]++\\.?\\s(\\d{1,5}[A-Za-z]?)(?![\\w-]|[.,/:]\\d)");
    private static final List<String> STREET_ENDINGS = List.of("strasse", "straße", "str.", "gasse", "weg", "allee", "platz",
            "ring", "damm", "ufer", "vägen", "vagen", "gatan", "gata", "vej", "gade", "veien", "vegen", "veg", "laan", "straat",
            "plein", "kade", "gracht", "kuja", "tie", "katu", "polku", "utca", "u.", "ulica", "ul.", "cesta", "ulice", "trg",
            "iela", "tänav", "tee", "väg", "stræde", "sokak", "caddesi", "sokağı");
    private static final Pattern PREFIXED_STREET = Pattern.compile("(?u)(?=[RrVCcASPLTQIUB])(?<![\\w-])(?:Rue|rue|Rua|rua|Via|Viale|Calle|calle|"
            + "Avenida|Avda\\.|Carrer|Strada|Piazza|Plaza|Praça|Largo|Chemin|Boulevard|Travessa|Camino|Paseo|Rambla|Ulica|"
            + "Avenue|Place|Quai|Allée|Route|Cours|Impasse)(?:\\s+(?:de|del|della|di|da|do|dos|das|la|le|les|des|du|[\\p{L}'’-]+)){1,5}?"
            + "(?:\\s*,?\\s*\\d{1,5}[A-Za-z]?\\b|(?=\\s*[,\\n]))");
    private static final Pattern UNIT = Pattern.compile(
            "(?=[pasuf])(?<![\\w-])(?:p\\.?\\s?o\\.?\\s?box|post\\s?office\\s?box|apt\\.?|apartment|suite|ste\\.?|unit|flat)\\s*#?\\s*\\d{1,6}[A-Za-z]?\\b");
    private static final Pattern ADDRESS_TALK = Pattern.compile(
            "(?=[adlmsrhvwbpfc])\\b(?:address|addresses|live|lives|living|lived|located|location|moved|moving|move|deliver|delivery|"
                    + "ship|shipping|shipped|send|sent|mail|reside|resides|residence|house|home|street|apartment|office|"
                    + "visit|validate|billing|where|parcel|package|postal|find us|come to)\\b");
    private static final Pattern BUILDING_NUMBER_BEFORE = Pattern.compile("(?<![\\w-])\\d{1,6}[A-Za-z]?[ \\t]+$");

    @Override
    public void detect(String text, List<Finding> out) {
        add(text, NUMBER_NAME_SUFFIX, 0.85, out);
        String lower = Detector.lowerAscii(text);
        add(text, PREFIXED_STREET, 0.75, out);
        addMatches(text, UNIT.matcher(lower), 0.7, out);
        boolean addressTalk = ADDRESS_TALK.matcher(lower).find();
        Matcher m = WORD_NUMBER.matcher(text);
        while (m.find()) {
            String word = lower.substring(m.start(), m.start(1)).strip();
            if (STREET_ENDINGS.stream().anyMatch(word::endsWith) && !midWord(text, m.start())) {
                addSpan(text, m.start(), m.end(), 0.8, out);
            } else if (addressTalk && Character.isUpperCase(text.charAt(m.start())) && !midWord(text, m.start())) {
                addSpan(text, m.start(), m.end(), 0.45, out);
            }
        }
    }

    private static void add(String text, Pattern pattern, double confidence, List<Finding> out) {
        addMatches(text, pattern.matcher(text), confidence, out);
    }

    private static void addMatches(String text, Matcher m, double confidence, List<Finding> out) {
        while (m.find()) addSpan(text, m.start(), m.end(), confidence, out);
    }

    private static void addSpan(String text, int start, int end, double confidence, List<Finding> out) {
        while (end > start && (text.charAt(end - 1) == ',' || Character.isWhitespace(text.charAt(end - 1)))) end--;
        Matcher building = BUILDING_NUMBER_BEFORE.matcher(text.substring(Math.max(0, start - 12), start));
        if (building.find()) start = Math.max(0, start - 12) + building.start();
        out.add(new Finding(EntityTypes.STREET_ADDRESS, start, end, confidence));
    }

    private static boolean midWord(String text, int start) {
        return start > 0 && Character.isLetterOrDigit(text.charAt(start - 1));
    }
}
