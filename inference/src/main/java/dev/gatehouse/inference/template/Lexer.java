package dev.gatehouse.inference.template;

import dev.gatehouse.inference.template.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits template source into text and tag tokens, applying whitespace control while doing so: {@code -} on a
 * delimiter strips all whitespace on that side, trim_blocks drops the first newline after a block or comment tag,
 * and lstrip_blocks drops spaces and tabs between the start of a line and a block or comment tag.
 */
final class Lexer {

    private static final String[] TWO_CHAR_OPS = {"//", "**", "==", "!=", "<=", ">="};
    private static final String ONE_CHAR_OPS = "+-*/%~<>=()[]{},.:|;";
    private static final Pattern RAW_END = Pattern.compile("\\{%([-+]?)\\s*endraw\\s*(-?)%}");

    private final Source source;
    private final String src;
    private final boolean trimBlocks;
    private final boolean lstripBlocks;
    private final List<Token> tokens = new ArrayList<>();
    private boolean stripNextLeading;
    private boolean trimNextNewline;

    Lexer(Source source, boolean trimBlocks, boolean lstripBlocks) {
        this.source = source;
        this.src = source.text();
        this.trimBlocks = trimBlocks;
        this.lstripBlocks = lstripBlocks;
    }

    List<Token> tokenize() {
        int pos = 0;
        while (pos < src.length()) {
            int open = nextTagStart(pos);
            int textEnd = open < 0 ? src.length() : open;
            String text = leadingControlled(src.substring(pos, textEnd));
            if (open < 0) {
                addText(text, pos);
                break;
            }
            char kind = src.charAt(open + 1);
            char marker = open + 2 < src.length() ? src.charAt(open + 2) : ' ';
            if (marker == '-') {
                text = text.stripTrailing();
            } else if (lstripBlocks && kind != '{' && marker != '+') {
                text = lstripBeforeTag(text, open);
            }
            addText(text, pos);
            int bodyStart = open + 2 + (marker == '-' || marker == '+' ? 1 : 0);
            pos = switch (kind) {
                case '#' -> comment(open, bodyStart);
                case '{' -> tag(open, bodyStart, Kind.VAR_OPEN, "}}", Kind.VAR_CLOSE);
                default -> tag(open, bodyStart, Kind.BLOCK_OPEN, "%}", Kind.BLOCK_CLOSE);
            };
        }
        tokens.add(new Token(Kind.EOF, "", null, src.length()));
        return tokens;
    }

    private int nextTagStart(int from) {
        for (int i = src.indexOf('{', from); i >= 0 && i + 1 < src.length(); i = src.indexOf('{', i + 1)) {
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    private String leadingControlled(String text) {
        if (stripNextLeading) {
            text = text.stripLeading();
        } else if (trimNextNewline) {
            if (text.startsWith("\r\n")) {
                text = text.substring(2);
            } else if (text.startsWith("\n")) {
                text = text.substring(1);
            }
        }
        stripNextLeading = false;
        trimNextNewline = false;
        return text;
    }

    /** lstrip_blocks only applies when nothing but spaces and tabs stand between the line start and the tag. */
    private String lstripBeforeTag(String text, int tagStart) {
        int cut = text.length();
        while (cut > 0 && (text.charAt(cut - 1) == ' ' || text.charAt(cut - 1) == '\t')) {
            cut--;
        }
        int lineStart = tagStart - (text.length() - cut);
        boolean atLineStart = lineStart == 0 || src.charAt(lineStart - 1) == '\n';
        return atLineStart ? text.substring(0, cut) : text;
    }

    private void addText(String text, int at) {
        if (!text.isEmpty()) {
            tokens.add(new Token(Kind.TEXT, text, text, at));
        }
    }

    private int comment(int open, int bodyStart) {
        int close = src.indexOf("#}", bodyStart);
        if (close < 0) {
            throw source.syntaxError("comment is not closed with '#}'", open);
        }
        closeControls(close > bodyStart && src.charAt(close - 1) == '-', close > bodyStart && src.charAt(close - 1) == '+');
        return close + 2;
    }

    private void closeControls(boolean minus, boolean plus) {
        stripNextLeading = minus;
        trimNextNewline = trimBlocks && !plus;
    }

    private int tag(int open, int bodyStart, Kind openKind, String closer, Kind closeKind) {
        tokens.add(new Token(openKind, src.substring(open, bodyStart), null, open));
        int firstToken = tokens.size();
        int braces = 0;
        int i = bodyStart;
        while (true) {
            while (i < src.length() && Character.isWhitespace(src.charAt(i))) {
                i++;
            }
            if (i >= src.length()) {
                throw source.syntaxError("tag is not closed with '" + closer + "'", open);
            }
            if (braces == 0) {
                boolean signed = (src.charAt(i) == '-' || src.charAt(i) == '+') && src.startsWith(closer, i + 1);
                if (signed || src.startsWith(closer, i)) {
                    int end = i + (signed ? 1 : 0) + 2;
                    tokens.add(new Token(closeKind, src.substring(i, end), null, i));
                    boolean isBlock = closeKind == Kind.BLOCK_CLOSE;
                    stripNextLeading = signed && src.charAt(i) == '-';
                    trimNextNewline = isBlock && trimBlocks && !(signed && src.charAt(i) == '+');
                    return isBlock && isRawTag(firstToken) ? raw(end) : end;
                }
            }
            char c = src.charAt(i);
            if (c == '{') {
                braces++;
            } else if (c == '}') {
                braces--;
            }
            i = expressionToken(i);
        }
    }

    private boolean isRawTag(int firstToken) {
        return tokens.size() == firstToken + 2 && tokens.get(firstToken).isName("raw");
    }

    /** Everything up to {@code {% endraw %}} is literal text; the raw tag pair itself leaves no tokens. */
    private int raw(int contentStart) {
        Matcher m = RAW_END.matcher(src);
        if (!m.find(contentStart)) {
            throw source.syntaxError("'raw' block is not closed with '{% endraw %}'", contentStart);
        }
        tokens.subList(tokens.size() - 3, tokens.size()).clear();
        String text = leadingControlled(src.substring(contentStart, m.start()));
        if (m.group(1).equals("-")) {
            text = text.stripTrailing();
        }
        addText(text, contentStart);
        closeControls(m.group(2).equals("-"), false);
        return m.end();
    }

    private int expressionToken(int i) {
        char c = src.charAt(i);
        if (Character.isLetter(c) || c == '_') {
            int end = i + 1;
            while (end < src.length() && (Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '_')) {
                end++;
            }
            tokens.add(new Token(Kind.NAME, src.substring(i, end), null, i));
            return end;
        }
        if (Character.isDigit(c)) {
            return number(i);
        }
        if (c == '\'' || c == '"') {
            return string(i, c);
        }
        for (String op : TWO_CHAR_OPS) {
            if (src.startsWith(op, i)) {
                tokens.add(new Token(Kind.OP, op, null, i));
                return i + 2;
            }
        }
        if (ONE_CHAR_OPS.indexOf(c) >= 0) {
            tokens.add(new Token(Kind.OP, String.valueOf(c), null, i));
            return i + 1;
        }
        throw source.syntaxError("unexpected character '" + c + "'", i);
    }

    private int number(int start) {
        int i = start;
        while (i < src.length() && (Character.isDigit(src.charAt(i)) || src.charAt(i) == '_')) {
            i++;
        }
        boolean isFloat = false;
        if (i + 1 < src.length() && src.charAt(i) == '.' && Character.isDigit(src.charAt(i + 1))) {
            isFloat = true;
            i++;
            while (i < src.length() && (Character.isDigit(src.charAt(i)) || src.charAt(i) == '_')) {
                i++;
            }
        }
        if (i < src.length() && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < src.length() && (src.charAt(j) == '+' || src.charAt(j) == '-')) {
                j++;
            }
            if (j < src.length() && Character.isDigit(src.charAt(j))) {
                isFloat = true;
                i = j;
                while (i < src.length() && Character.isDigit(src.charAt(i))) {
                    i++;
                }
            }
        }
        String text = src.substring(start, i);
        String digits = text.replace("_", "");
        Object value = isFloat ? (Object) Double.parseDouble(digits) : (Object) Long.parseLong(digits);
        tokens.add(new Token(isFloat ? Kind.FLOAT : Kind.INT, text, value, start));
        return i;
    }

    private int string(int start, char quote) {
        StringBuilder out = new StringBuilder();
        int i = start + 1;
        while (i < src.length() && src.charAt(i) != quote) {
            char c = src.charAt(i);
            if (c != '\\' || i + 1 >= src.length()) {
                out.append(c);
                i++;
                continue;
            }
            char e = src.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case '0' -> out.append('\0');
                case '\\', '\'', '"' -> out.append(e);
                case '\n' -> { }
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + len > src.length()) {
                        throw source.syntaxError("truncated \\" + e + " escape in string", i - 2);
                    }
                    try {
                        out.appendCodePoint(Integer.parseInt(src.substring(i, i + len), 16));
                    } catch (IllegalArgumentException bad) {
                        throw source.syntaxError("bad \\" + e + " escape in string", i - 2);
                    }
                    i += len;
                }
                default -> out.append('\\').append(e);
            }
        }
        if (i >= src.length()) {
            throw source.syntaxError("string is not closed with " + quote, start);
        }
        tokens.add(new Token(Kind.STRING, src.substring(start, i + 1), out.toString(), start));
        return i + 1;
    }
}
