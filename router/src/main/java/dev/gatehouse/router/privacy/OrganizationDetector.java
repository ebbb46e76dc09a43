package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.Set;

/**
 * Organisations named without a suffix ("Verdafero", "Russell Investments"), found by how the text talks about them:
 * a run of capitalised words right after an employment or corporate cue ("work for", "employed by", "joined",
 * "a year at", "later became", "acquired by", "the address of") or right before a corporate predicate ("is a ...
 * company/firm/agency", "is the brainchild", "office", "invested", "employees", "headquarters", ", we"). 0.8, so it
 * outranks the capitalised-word guesses of {@link ProperNounDetector} (PERSON 0.4-0.75, GPE 0.5) on the same words,
 * but not a known place or a name after "Mr." or "my name is". A leading "The" is not part of the name.
 */
final class OrganizationDetector implements Detector {
    private static final TrailingCue BEFORE = TrailingCue.words("work for", "works for", "worked for", "working for", "work at",
            "works at", "worked at", "working at", "employed by", "employed at", "employer is", "employer,", "joined", "year at",
            "years at", "later became", "became part of", "acquired by", "acquired", "subsidiary of", "ceo of", "cto of",
            "founder of", "founders of", "co-founder of", "intern at", "internship at", "job at", "job with", "position at",
            "career at", "role at", "partner at", "address of", "recorded for", "signed with", "shares of", "stock of",
            "customers of", "client of", "clients of", "on behalf of", "quit", "left", "hired by", "contract with", "invest in",
            "invested in", "the team at", "colleagues at", "staff at", "employees of", "headquarters of");
    private static final List<String> AFTER = List.of(" is the brainchild", " office", " offices", " invested", " employees",
            " headquarters", " headquartered", ", we ", " is hiring", " hired", " announced", " acquired", " ceo", " orchestra",
            " resignation", " songwriter", " stock", " shares", " was founded", " is a 501", " board");
    private static final Set<String> COMPANY_NOUNS = Set.of("company", "firm", "agency", "bank", "corporation", "startup",
            "start-up", "organization", "organisation", "non-profit", "nonprofit", "charity", "manufacturer", "provider",
            "retailer", "business", "conglomerate", "enterprise", "publisher", "insurer", "consultancy", "brand", "platform",
            "developer", "maker", "chain", "group", "institution", "foundation", "network", "studio", "label", "airline",
            "operator", "vendor", "supplier", "501(c)3");
    private static final Set<String> LEADING_WORDS = Set.of("the", "a", "an", "our", "my", "their", "at", "for", "in", "from");

    private final Lexicons lexicons;

    OrganizationDetector(Lexicons lexicons) {
        this.lexicons = lexicons;
    }

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text;
        int w = 0;
        while (w < scan.wordCount) {
            if (!Character.isUpperCase(text.charAt(scan.wordStart[w]))) {
                w++;
                continue;
            }
            int first = w, last = w;
            while (last + 1 < scan.wordCount && Character.isUpperCase(text.charAt(scan.wordStart[last + 1]))
                    && gapJoins(text, scan.wordEnd[last], scan.wordStart[last + 1])) last++;
            w = last + 1;
            while (first <= last && LEADING_WORDS.contains(scan.lower.substring(scan.wordStart[first], scan.wordEnd[first]))) first++;
            if (first > last) continue;
            int start = scan.wordStart[first], end = scan.wordEnd[last];
            boolean cuedAfter = cuedAfter(scan.lower, end);
            if (allGivenOrSurnames(scan, first, last) && !cuedAfter) continue;
            String before = scan.lower.substring(Math.max(0, start - 24), start);
            if (BEFORE.endsText(before) || cuedAfter) out.add(new Finding(EntityTypes.ORGANIZATION, start, end, 0.8));
        }
    }

    /** "Anna Lee" after "joined" is a person joining; a firm named after people still shows a corporate predicate. */
    private boolean allGivenOrSurnames(ScanText scan, int first, int last) {
        for (int w = first; w <= last; w++) if (!scan.isGivenName(w, lexicons)) return false;
        return true;
    }

    private static boolean gapJoins(String text, int end, int nextStart) {
        return nextStart - end == 1 && text.charAt(end) == ' ';
    }

    private static boolean cuedAfter(String lower, int end) {
        // every cue below begins with a space or a comma
        if (end >= lower.length() || (lower.charAt(end) != ' ' && lower.charAt(end) != ',')) return false;
        for (String cue : AFTER) {
            if (lower.startsWith(cue, end)) {
                int after = end + cue.length();
                if (cue.endsWith(" ") || after >= lower.length() || !Character.isLetterOrDigit(lower.charAt(after))) return true;
            }
        }
        // "X is a German multinational investment bank": a company noun within the next few words
        if (!lower.startsWith(" is a", end) && !lower.startsWith(" is an", end) && !lower.startsWith(" is the", end)) return false;
        int stop = Math.min(lower.length(), end + 80);
        int i = end + 5;
        int words = 0;
        while (i < stop && words < 9) {
            while (i < stop && lower.charAt(i) == ' ') i++;
            int s = i;
            while (i < stop && lower.charAt(i) != ' ' && lower.charAt(i) != ',' && lower.charAt(i) != '.') i++;
            if (i > s && COMPANY_NOUNS.contains(lower.substring(s, i))) return true;
            if (i < stop && (lower.charAt(i) == '.' || lower.charAt(i) == ',')) return false;
            words++;
        }
        return false;
    }
}
