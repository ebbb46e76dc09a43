package dev.gatehouse.router.privacy;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** E-mail addresses: a local part, an @ and a dotted domain ending in a 2+ letter top-level domain. */
final class EmailDetector implements Detector {
    // possessive runs: nothing to backtrack into, so a long run of letters without an @ costs one pass
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.%+-])[\\w.%+-]{1,64}+@(?:[A-Za-z0-9-]{1,63}+\\.){1,16}[A-Za-z]{2,24}+(?![\\w-])");

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text;
        int at = text.indexOf('@');
        if (at < 0) return;
        // a match begins where the run of local-part characters before one of its '@' begins (the look-behind makes
        // the run maximal, the possessive {1,64}+ makes it end at the '@'): try the pattern there, not at every offset
        int[] starts = new int[8];
        int count = 0;
        for (; at >= 0; at = text.indexOf('@', at + 1)) {
            int s = at;
            while (s > 0 && localPart(text.charAt(s - 1))) s--;
            if (s == at || at - s > 64) continue;
            if (count == starts.length) starts = Arrays.copyOf(starts, count * 2);
            starts[count++] = s;
        }
        ScanText.matches(EMAIL, text, starts, count, s -> true,
                m -> out.add(new Finding(EntityTypes.EMAIL_ADDRESS, m.start(), m.end(), 0.95)));
    }

    /** {@code [\w.%+-]} with an ASCII {@code \w}. */
    private static boolean localPart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '%'
                || c == '+' || c == '-';
    }
}
