package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * IPv4 and IPv6 addresses. Version strings are not addresses: a dotted quad that continues with another dotted number
 * (1.2.3.4.5) or follows a "v"/"version" is skipped. An IPv6 candidate must be a valid address with "::" or all eight
 * groups, so clock times (12:30:45) and ratios never qualify.
 */
final class IpAddressDetector implements Detector {
    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern V4 = Pattern.compile(
            "(?<![\\w.])" + OCTET + "(?:\\." + OCTET + "){3}(?:/\\d{1,2})?(?![\\w]|\\.\\d)");
    private static final Pattern V6 = Pattern.compile("(?<![\\w:.])[0-9A-Fa-f]{0,4}+(?::[0-9A-Fa-f]{0,4}+){2,8}+(?![\\w:])");
    private static final Pattern VERSION_CUE = Pattern.compile("(?:\\bv|version\\s?|release\\s)$");

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text;
        if (text.indexOf('.') >= 0) {
            ScanText.matches(V4, text, scan.digitStarts, scan.digitStartCount, s -> s + 1 < text.length() && dotWithin(text, s), m -> {
                String before = scan.lower.substring(Math.max(0, m.start() - 8), m.start());
                if (!VERSION_CUE.matcher(before).find()) out.add(new Finding(EntityTypes.IP_ADDRESS, m.start(), m.end(), 0.9));
            });
        }
        if (text.indexOf(':') < 0) return;
        // a group of up to four hex digits then ':' begins an IPv6 address, or "::" itself
        ScanText.matches(V6, text, scan.alnumStarts, scan.alnumStartCount, s -> colonAfterHex(text, s), m -> {
            if (validV6(m.group())) out.add(new Finding(EntityTypes.IP_ADDRESS, m.start(), m.end(), 0.9));
        });
        for (int at = scan.searchText.indexOf("::"); at >= 0; at = scan.searchText.indexOf("::", at + 2)) {
            if (at > 0 && (Character.isLetterOrDigit(text.charAt(at - 1)) || ":._".indexOf(text.charAt(at - 1)) >= 0)) continue;
            ScanText.matches(V6, text, new int[] {at}, 1, s -> true, m -> {
                if (validV6(m.group())) out.add(new Finding(EntityTypes.IP_ADDRESS, m.start(), m.end(), 0.9));
            });
        }
    }

    private static boolean dotWithin(String text, int s) {
        for (int i = s + 1; i <= s + 3 && i < text.length(); i++) if (text.charAt(i) == '.') return true;
        return false;
    }

    private static boolean colonAfterHex(String text, int s) {
        for (int i = s; i <= s + 4 && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':') return true;
            if (Character.digit(c, 16) < 0) return false;
        }
        return false;
    }

    static boolean validV6(String candidate) {
        int doubleColon = candidate.indexOf("::");
        if (doubleColon != candidate.lastIndexOf("::")) return false;
        if (candidate.equals("::")) return false;
        String[] groups = candidate.split(":", -1);
        int nonEmpty = 0;
        for (String g : groups) if (!g.isEmpty()) nonEmpty++;
        if (doubleColon < 0) return groups.length == 8 && nonEmpty == 8;
        // "::" stands for at least one zero group; a leading or trailing single ":" is malformed
        if (candidate.startsWith(":") && !candidate.startsWith("::")) return false;
        if (candidate.endsWith(":") && !candidate.endsWith("::")) return false;
        return nonEmpty >= 1 && nonEmpty <= 7;
    }
}
