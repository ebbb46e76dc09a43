package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * US driver's licence numbers. The formats differ by state and overlap with every other number, so only a number
 * (1-2 letters then 4-16 digits, or 7-16 digits with optional dashes) shortly after a licence cue ("driver's license",
 * "licence number", "DL", "DLN") counts.
 */
final class DriverLicenseDetector implements Detector {
    private static final Pattern NEAR_CUE = Pattern.compile(
            "\\b(?:driver'?s?'?\\s+licen[cs]e|driving\\s+licen[cs]e|licen[cs]e\\s+(?:number|no\\.?|#)|dln?\\b)"
                    + "[^\\n\\d]{0,30}?(?<![\\w-])([a-z]{1,2}\\d{4,16}|\\d[\\d-]{5,18}\\d)(?![\\w-])");

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String lower = scan.lower;
        if (!scan.searchLower.contains("licen") && !scan.searchLower.contains("dl")) return;
        ScanText.matches(NEAR_CUE, lower, scan.alnumStarts, scan.alnumStartCount, s -> lower.charAt(s) == 'd' || lower.charAt(s) == 'l',
                m -> out.add(new Finding(EntityTypes.US_DRIVER_LICENSE, m.start(1), m.end(1), 0.8)));
    }
}
