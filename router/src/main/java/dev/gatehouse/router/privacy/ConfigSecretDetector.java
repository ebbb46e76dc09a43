package dev.gatehouse.router.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Secrets in environment dumps, config files and code, where the name says what the value is but is longer than a
 * bare keyword ({@code DB_PASSWORD=...}, {@code AWS_SECRET_ACCESS_KEY: ...}, {@code "clientSecret": "..."},
 * {@code x-api-key: ...}), and AWS secret access keys (40 base64 characters, mixed case and digits: an AWS hint
 * nearby names the type, else it is a high-entropy secret). {@link SecretDetector} handles bare keywords and key
 * prefixes; where both find one value the findings merge.
 */
final class ConfigSecretDetector implements Detector {
    /** A name, its separator and its value; the name runs at most 64 chars, so a match is tried once per word. */
    private static final Pattern NAMED_VALUE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}+[\"']?[ \\t]{0,8}+(?::|=>|=)[ \\t]{0,8}+"
            + "(\"[^\"\\n]{1,200}+\"|'[^'\\n]{1,200}+'|[^\\s,;\"'`]{3,200}+)");
    private static final Set<String> SECRET_PARTS = Set.of("password", "passwd", "pwd", "pass", "passphrase", "secret",
            "secrets", "token", "apikey", "credential", "credentials", "privatekey");
    /** Two parts that name a secret together: api + key, access + key ... */
    private static final Set<String> SECRET_PAIRS = Set.of("api key", "access key", "private key", "secret key",
            "signing key", "encryption key", "master key", "auth key", "client key", "license key", "session key");
    private static final int AWS_SECRET_LENGTH = 40;

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text;
        if (text.indexOf('=') >= 0 || text.indexOf(':') >= 0) {
            ScanText.matches(NAMED_VALUE, text, scan.alnumStarts, scan.alnumStartCount, s -> namedValueMayStartAt(text, s), m -> {
                String name = text.substring(m.start(), nameEnd(text, m.start()));
                if (namesSecret(name) && !reference(m.group(1))) out.add(new Finding(EntityTypes.PASSWORD, m.start(1), m.end(1), 0.9));
            });
        }
        awsSecretKeys(scan, out);
    }

    /** A name begins at {@code s} (not inside another) and runs to a separator: where {@link #NAMED_VALUE} can match. */
    private static boolean namedValueMayStartAt(String text, int s) {
        if (!Character.isLetter(text.charAt(s))) return false;
        if (s > 0) {
            char c = text.charAt(s - 1);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') return false;
        }
        return separatorAfterName(text, s);
    }

    /**
     * Whether {@link #NAMED_VALUE}'s name, quote and blanks from {@code s} reach a ':' or '=': its name and blanks are
     * possessive, so this walk is the only way the pattern can go, and most words in code or prose fail it here for
     * the price of a few char reads instead of a regex attempt each.
     */
    private static boolean separatorAfterName(String text, int s) {
        int n = text.length(), i = s + 1;
        while (i < n && i - s < 64 && nameChar(text.charAt(i))) i++;
        if (i < n && (text.charAt(i) == '"' || text.charAt(i) == '\'')) i++;
        int blanks = i;
        while (i < n && i - blanks < 8 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i++;
        return i < n && (text.charAt(i) == ':' || text.charAt(i) == '=');
    }

    private static boolean nameChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '-';
    }

    private static int nameEnd(String text, int start) {
        int e = start;
        while (e < text.length() && e - start < 64) {
            char c = text.charAt(e);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) break;
            e++;
        }
        return e;
    }

    /** The name's parts (split at {@code _ . -} and camelCase humps), lowercased, name a secret. */
    static boolean namesSecret(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean hump = Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1));
            if (c == '_' || c == '.' || c == '-' || hump) {
                if (!part.isEmpty()) parts.add(part.toString().toLowerCase(Locale.ROOT));
                part.setLength(0);
                if (!hump) continue;
            }
            part.append(c);
        }
        if (!part.isEmpty()) parts.add(part.toString().toLowerCase(Locale.ROOT));
        for (int i = 0; i < parts.size(); i++) {
            if (SECRET_PARTS.contains(parts.get(i))) return true;
            if (i > 0 && SECRET_PAIRS.contains(parts.get(i - 1) + " " + parts.get(i))) return true;
        }
        return false;
    }

    /** {@code $DB_PASSWORD}, {@code <your key>}, {@code os.getenv("X")}, {@code settings.API_KEY}: a pointer, not a value. */
    private static boolean reference(String value) {
        if (value.startsWith("\"") || value.startsWith("'")) return false;
        char first = value.charAt(0);
        if (first == '$' || first == '<' || first == '{' || first == '[' || value.indexOf('(') >= 0) return true;
        return value.indexOf('.') > 0 && value.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '.');
    }

    /** Runs of exactly 40 base64 characters with upper and lower case and a digit: git hashes (lowercase hex) are not. */
    private static void awsSecretKeys(ScanText scan, List<Finding> out) {
        String text = scan.text;
        Boolean aws = null;
        int i = 0;
        while (i < text.length()) {
            if (!base64(text.charAt(i))) {
                i++;
                continue;
            }
            int j = i;
            boolean upper = false, lower = false, digit = false;
            while (j < text.length() && base64(text.charAt(j))) {
                char c = text.charAt(j);
                upper |= c >= 'A' && c <= 'Z';
                lower |= c >= 'a' && c <= 'z';
                digit |= c >= '0' && c <= '9';
                j++;
            }
            if (j - i == AWS_SECRET_LENGTH && upper && lower && digit && (j == text.length() || text.charAt(j) != '=')) {
                if (aws == null) {
                    aws = scan.searchLower.contains("aws") || scan.searchText.contains("AKIA")
                            || scan.searchText.contains("ASIA");
                }
                out.add(new Finding(aws ? EntityTypes.AWS_SECRET_KEY : EntityTypes.HIGH_ENTROPY_SECRET, i, j, aws ? 0.95 : 0.7));
            }
            i = j;
        }
    }

    private static boolean base64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '+';
    }
}
