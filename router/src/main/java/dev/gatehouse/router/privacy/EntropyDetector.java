package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Random-looking tokens that no prefix names: runs of 20+ base64/hex-alphabet characters whose Shannon entropy is
 * high for their alphabet (hex: at least 3.0 bits per char; base64-like: at least 3.7, and at least 4.0 under 32
 * chars). Ordinary words, identifiers and paths are kept out by demanding a mix of character kinds: digits and
 * letters, and for base64-like tokens both cases. Canonical UUIDs are identifiers, not credentials, and are skipped.
 */
final class EntropyDetector implements Detector {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]++");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        // runs of 20+ base64/hex-alphabet characters and their '=' padding, read by hand: a regex tried at every offset
        // of a prompt costs ten times more
        String text = scan.text;
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!tokenChar(text.charAt(i)) || (i > 0 && (tokenChar(text.charAt(i - 1)) || text.charAt(i - 1) == '='))) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && tokenChar(text.charAt(j))) j++;
            if (j - i >= 20) {
                while (j < n && text.charAt(j) == '=') j++;
                String token = text.substring(i, j);
                if (!UUID.matcher(token).matches() && looksRandom(token)) {
                    out.add(new Finding(EntityTypes.HIGH_ENTROPY_SECRET, i, j, 0.6));
                }
            }
            i = j;
        }
    }

    private static boolean tokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '_'
                || c == '-';
    }

    static boolean looksRandom(String token) {
        String core = token.replace("=", "");
        boolean digit = false, upper = false, lower = false;
        for (int i = 0; i < core.length(); i++) {
            char c = core.charAt(i);
            if (Character.isDigit(c)) digit = true;
            else if (Character.isUpperCase(c)) upper = true;
            else if (Character.isLowerCase(c)) lower = true;
        }
        if (!digit || !(upper || lower)) return false;
        double entropy = shannonBitsPerChar(core);
        if (HEX.matcher(core).matches()) return core.length() >= 20 && entropy >= 3.0;
        if (!(upper && lower)) return false;
        // camelCase identifiers change character kind at word boundaries only; random text changes it at most chars
        if (kindChanges(core) < 0.45 * (core.length() - 1)) return false;
        return entropy >= (core.length() < 32 ? 4.0 : 3.7);
    }

    private static int kindChanges(String s) {
        int changes = 0;
        for (int i = 1; i < s.length(); i++) if (kind(s.charAt(i)) != kind(s.charAt(i - 1))) changes++;
        return changes;
    }

    private static int kind(char c) {
        return Character.isUpperCase(c) ? 0 : Character.isLowerCase(c) ? 1 : Character.isDigit(c) ? 2 : 3;
    }

    static double shannonBitsPerChar(String s) {
        int[] counts = new int[128];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
                n++;
            }
        }
        double bits = 0;
        for (int count : counts) {
            if (count == 0) continue;
            double p = (double) count / n;
            bits -= p * (Math.log(p) / Math.log(2));
        }
        return bits;
    }
}
