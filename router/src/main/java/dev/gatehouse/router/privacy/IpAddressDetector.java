package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
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
    public void detect(String text, List<Finding> out) {
        if (text.indexOf('.') >= 0) {
            Matcher m = V4.matcher(text);
            while (m.find()) {
                String before = text.substring(Math.max(0, m.start() - 8), m.start()).toLowerCase(Locale.ROOT);
                if (VERSION_CUE.matcher(before).find()) continue;
                out.add(new Finding(EntityTypes.IP_ADDRESS, m.start(), m.end(), 0.9));
            }
        }
        if (text.indexOf(':') >= 0) {
            Matcher m = V6.matcher(text);
            while (m.find()) {
                if (validV6(m.group())) out.add(new Finding(EntityTypes.IP_ADDRESS, m.start(), m.end(), 0.9));
            }
        }
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
