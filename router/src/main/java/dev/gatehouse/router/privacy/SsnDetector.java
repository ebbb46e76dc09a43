package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * US social security numbers, with dashes or spaces (0.85) or as nine bare digits next to an SSN cue (0.8). Numbers
 * the SSA never issues are skipped: area 000, 666 or 900-999, group 00, serial 0000. Nine bare digits without a cue
 * are left alone: they are far more often order, account or tracking numbers.
 */
final class SsnDetector implements Detector {
    private static final Pattern SEPARATED = Pattern.compile("(?<![\\w-])(\\d{3})([- ])(\\d{2})\\2(\\d{4})(?![\\w-])");
    private static final Pattern BARE = Pattern.compile("(?<![\\w-])(\\d{3})(\\d{2})(\\d{4})(?![\\w-])");
    private static final Pattern CUE = Pattern.compile("\\b(?:ssn|social security|soc\\.? ?sec|tin|taxpayer)\\b");

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text;
        ScanText.matches(SEPARATED, text, scan.digitStarts, scan.digitStartCount, s -> true, m -> {
            if (issuable(m.group(1), m.group(3), m.group(4))) out.add(new Finding(EntityTypes.US_SSN, m.start(), m.end(), 0.85));
        });
        ScanText.matches(BARE, text, scan.digitStarts, scan.digitStartCount, s -> true, m -> {
            if (!issuable(m.group(1), m.group(2), m.group(3))) return;
            String before = scan.lower.substring(Math.max(0, m.start() - 40), m.start());
            if (CUE.matcher(before).find()) out.add(new Finding(EntityTypes.US_SSN, m.start(), m.end(), 0.8));
        });
    }

    static boolean issuable(String area, String group, String serial) {
        return !area.equals("000") && !area.equals("666") && area.charAt(0) != '9' && !group.equals("00")
                && !serial.equals("0000");
    }
}
