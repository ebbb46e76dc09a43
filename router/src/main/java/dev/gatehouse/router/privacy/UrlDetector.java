package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * URLs and bare domain names (Presidio's DOMAIN_NAME): anything with a scheme, anything starting "www.", and bare
 * names ending in a common top-level domain. File names such as "report.pdf" or "Main.java" end in no such domain.
 * Trailing sentence punctuation is not part of the URL. A host has at most 16 labels here: the regex engine recurses
 * once per repetition of a group, and "a.a.a.…" over 24 KB overflowed the stack with an unbounded one.
 */
final class UrlDetector implements Detector {
    private static final String TLD = "(?:com|org|net|edu|gov|mil|int|info|biz|io|ai|app|dev|co|me|tv|us|uk|ca|de|fr|es|it|nl|"
            + "be|ch|at|se|no|dk|fi|is|pl|cz|sk|hu|ro|bg|gr|pt|ie|ru|ua|cn|jp|kr|in|au|nz|br|ar|mx|cl|uy|cy|za|eu|online|site|"
            + "shop|xyz|cloud|tech)";
    private static final Pattern URL = Pattern.compile(
            "\\b(?:[a-z][a-z0-9+.-]{1,15}+://|www\\.)[^\\s<>\"'`]++"
                    + "|(?<![\\w@.-])(?:[a-z0-9-]{1,63}+\\.){1,16}" + TLD + "(?![\\w@-])(?:/[^\\s<>\"'`]*+)?");

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text;
        if (text.indexOf('.') < 0) return;
        ScanText.matches(URL, scan.lower, scan.alnumStarts, scan.alnumStartCount, s -> dotOrSchemeAhead(scan.lower, s), m -> {
            int end = m.end();
            while (end > m.start() && ".,;:!?)]}".indexOf(text.charAt(end - 1)) >= 0) end--;
            if (end > m.start()) out.add(new Finding(EntityTypes.DOMAIN_NAME, m.start(), end, 0.85));
        });
    }

    /**
     * Every match has a '.' (a domain, "www.") or a ':' (a scheme) in its first run of host characters; after that
     * '.' comes another host or scheme character (or it is "www."), after that ':' comes "//". A word ending a
     * sentence ("... tomorrow.") fails here.
     */
    private static boolean dotOrSchemeAhead(String lower, int s) {
        for (int i = s; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == '.') return i + 1 < lower.length() && (hostOrSchemeChar(lower.charAt(i + 1)) || lower.startsWith("www.", s));
            if (c == ':') return lower.startsWith("//", i + 1);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '+')) return false;
        }
        return false;
    }

    private static boolean hostOrSchemeChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == ':';
    }
}
