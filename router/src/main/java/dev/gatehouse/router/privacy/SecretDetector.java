package dev.gatehouse.router.privacy;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials recognisable by their shape: provider key prefixes (AWS, GitHub, Slack, Stripe, OpenAI, Anthropic,
 * Google), JWTs, PEM private key blocks, user:password@ in URLs, and the value of password/secret/token/api-key
 * assignments in code, config and prose.
 */
final class SecretDetector implements Detector {
    /**
     * @param marks literals one of which every match contains
     * @param back  how far before a mark's start a match can begin: 0 for a key prefix, 1 for Stripe's "k_", 16 for
     *              the scheme in front of "://"
     */
    private record Shape(String type, List<String> marks, int back, Pattern pattern) {
        Shape(String type, String marks, Pattern pattern) {
            this(type, marks, 0, pattern);
        }

        Shape(String type, String marks, int back, Pattern pattern) {
            this(type, List.of(marks.split(" ")), back, pattern);
        }
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape(EntityTypes.AWS_ACCESS_KEY, "AKIA ASIA ABIA ACCA AIDA AROA", Pattern.compile("(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA)[A-Z0-9]{16}(?![A-Za-z0-9])")),
            new Shape(EntityTypes.GITHUB_TOKEN, "ghp_ gho_ ghu_ ghs_ ghr_ github_pat_", Pattern.compile("(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,255}+|github_pat_[A-Za-z0-9_]{22,255}+)")),
            new Shape(EntityTypes.SLACK_TOKEN, "xox", Pattern.compile("(?<![A-Za-z0-9])xox[bpoasre]-[A-Za-z0-9-]{10,250}+")),
            new Shape(EntityTypes.STRIPE_KEY, "k_", 1, Pattern.compile("(?<![A-Za-z0-9])(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,99}+")),
            new Shape(EntityTypes.ANTHROPIC_API_KEY, "sk-ant-", Pattern.compile("(?<![A-Za-z0-9])sk-ant-[A-Za-z0-9_-]{20,200}+")),
            new Shape(EntityTypes.OPENAI_API_KEY, "sk-", Pattern.compile("(?<![A-Za-z0-9])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}+")),
            new Shape(EntityTypes.GOOGLE_API_KEY, "AIza", Pattern.compile("(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])")),
            new Shape(EntityTypes.JWT, "eyJ", Pattern.compile("(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}+\\.eyJ[A-Za-z0-9_-]{5,}+\\.[A-Za-z0-9_-]{10,}+")),
            new Shape(EntityTypes.URL_CREDENTIALS, "://", 16, Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.-]{1,15}+://[^\\s:/@]{1,64}+:[^\\s/@]{1,128}+@")));
    private static final Pattern ASSIGNMENT = Pattern.compile("(?=[pstacrb])\\b(?:password|passwd|passphrase|pwd|pass|secret|client[_-]?secret|"
            + "api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|access[_-]?token|auth[_-]?token|"
            + "refresh[_-]?token|token|credentials?)[\"']?\\s*([:=]|=>|\\bis\\b)\\s*"
            + "(\"[^\"\\n]{1,200}+\"|'[^'\\n]{1,200}+'|[^\\s,;\"'`]{3,200}+)");
    private static final Pattern LETTERS_ONLY = Pattern.compile("[\\p{L}.]++");
    private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----");
    private static final Pattern PEM_END = Pattern.compile("-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----");
    private static final Pattern BEARER = Pattern.compile("(?=b)\\bbearer\\s+([A-Za-z0-9._~+/-]{16,}+=*)");

    /** The first letters of every assignment keyword: a word starting otherwise is not tried. */
    private static final String[] KEYWORD_STARTS = {"pas", "pwd", "sec", "cli", "api", "acc", "pri", "aut", "ref", "tok", "cre"};

    private static boolean startsKeyword(String lower, int s) {
        if ("pscart".indexOf(lower.charAt(s)) < 0) return false; // the first letters of KEYWORD_STARTS
        for (String k : KEYWORD_STARTS) if (lower.startsWith(k, s)) return startsAssignmentWord(lower, s);
        return false;
    }

    /**
     * Every assignment keyword, with each separator it allows. After the keyword the pattern wants a quote, a space,
     * ':' or '=' (a following "is" needs a word boundary), none of which is a letter, digit, '_' or '-': so the whole
     * run of those chars at a match's start is one of these words. "passenger" or "secretary" fail here.
     */
    private static final java.util.Set<String> KEYWORDS = keywords();

    private static java.util.Set<String> keywords() {
        var words = new java.util.HashSet<>(List.of("password", "passwd", "passphrase", "pwd", "pass", "secret", "apikey", "token",
                "credential", "credentials"));
        for (String joined : List.of("client secret", "api key", "access key", "secret key", "private key", "access token",
                "auth token", "refresh token")) {
            for (String sep : List.of("", "_", "-")) words.add(joined.replace(" ", sep));
        }
        return java.util.Set.copyOf(words);
    }

    private static boolean startsAssignmentWord(String lower, int s) {
        int e = s;
        while (e < lower.length()) {
            char c = lower.charAt(e);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) break;
            e++;
        }
        return KEYWORDS.contains(lower.substring(s, e));
    }

    private static final int[] NO_STARTS = new int[0];

    /** Every offset where a match of {@code shape} can begin, ascending (repeats are harmless). */
    private static int[] candidateStarts(Shape shape, String searchText) {
        int[] starts = NO_STARTS;
        int count = 0;
        for (String mark : shape.marks()) {
            for (int c = searchText.indexOf(mark); c >= 0; c = searchText.indexOf(mark, c + 1)) {
                if (count + shape.back() + 1 > starts.length) starts = Arrays.copyOf(starts, Math.max(16, 2 * (count + shape.back() + 1)));
                for (int s = Math.max(0, c - shape.back()); s <= c; s++) starts[count++] = s;
            }
        }
        if (count == 0) return NO_STARTS; // most texts hold no key prefix: nothing allocated
        starts = Arrays.copyOf(starts, count);
        if (shape.marks().size() > 1 || shape.back() > 0) Arrays.sort(starts);
        return starts;
    }

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text;
        for (Shape shape : SHAPES) {
            // a match begins at most `back` chars before one of its marks: the pattern is tried there only, not at every
            // offset of the text (letting find() walk a 50 KB prompt per shape was a third of the scan)
            int[] starts = candidateStarts(shape, scan.searchText);
            if (starts.length == 0) continue;
            ScanText.matches(shape.pattern(), text, starts, starts.length, s -> true,
                    m -> out.add(new Finding(shape.type(), m.start(), m.end(), 0.95)));
        }
        String lower = scan.lower;
        ScanText.matches(ASSIGNMENT, lower, scan.alnumStarts, scan.alnumStartCount, s -> startsKeyword(lower, s), assignment -> {
            // "the password is stored in the vault" is prose; after "is", only a value with a digit or symbol counts
            boolean prose = assignment.group(1).equalsIgnoreCase("is") && LETTERS_ONLY.matcher(assignment.group(2)).matches();
            if (!prose) out.add(new Finding(EntityTypes.PASSWORD, assignment.start(2), assignment.end(2), 0.9));
        });
        if (scan.searchLower.contains("bearer")) {
            Matcher bearer = BEARER.matcher(lower);
            while (bearer.find()) out.add(new Finding(EntityTypes.PASSWORD, bearer.start(1), bearer.end(1), 0.9));
        }
        if (!scan.searchText.contains("-----BEGIN")) return;
        Matcher begin = PEM_BEGIN.matcher(text);
        int from = 0;
        while (from < text.length() && begin.find(from)) {
            Matcher end = PEM_END.matcher(text);
            // an unterminated block (pasted partly) is still a private key: it runs to the end of the text
            int stop = end.find(begin.end()) ? end.end() : text.length();
            out.add(new Finding(EntityTypes.PRIVATE_KEY, begin.start(), stop, 0.99));
            from = stop;
        }
    }
}
