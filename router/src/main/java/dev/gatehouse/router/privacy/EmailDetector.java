package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** E-mail addresses: a local part, an @ and a dotted domain ending in a 2+ letter top-level domain. */
final class EmailDetector implements Detector {
    // possessive runs: nothing to backtrack into, so a long run of letters without an @ costs one pass
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.%+-])[\\w.%+-]{1,64}+@(?:[A-Za-z0-9-]{1,63}+\\.)+[A-Za-z]{2,24}+(?![\\w-])");

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text;
        if (text.indexOf('@') < 0) return;
        Matcher m = EMAIL.matcher(text);
        while (m.find()) out.add(new Finding(EntityTypes.EMAIL_ADDRESS, m.start(), m.end(), 0.95));
    }
}
