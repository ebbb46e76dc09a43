package dev.gatehouse.inference.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Python string operations whose edge cases differ from Java's (split on whitespace runs, strip with chars, ...). */
final class PyStrings {

    private PyStrings() {
    }

    /** Python whitespace for strip/split without arguments. */
    static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && stripped(s.charAt(start), chars)) {
            start++;
        }
        while (right && end > start && stripped(s.charAt(end - 1), chars)) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean stripped(char c, String chars) {
        return chars == null ? isSpace(c) : chars.indexOf(c) >= 0;
    }

    static List<Object> split(String s, String sep, int maxSplit) {
        List<Object> parts = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && isSpace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    return parts;
                }
                if (maxSplit >= 0 && parts.size() == maxSplit) {
                    parts.add(strip(s.substring(i), null, false, true));
                    return parts;
                }
                int j = i;
                while (j < n && !isSpace(s.charAt(j))) {
                    j++;
                }
                parts.add(s.substring(i, j));
                i = j;
            }
        }
        if (sep.isEmpty()) {
            throw new TemplateError("empty separator");
        }
        int from = 0;
        while (maxSplit < 0 || parts.size() < maxSplit) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                break;
            }
            parts.add(s.substring(from, at));
            from = at + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    static List<Object> rsplit(String s, String sep, int maxSplit) {
        if (sep == null || maxSplit < 0) {
            return split(s, sep, maxSplit);
        }
        if (sep.isEmpty()) {
            throw new TemplateError("empty separator");
        }
        List<Object> parts = new ArrayList<>();
        int end = s.length();
        while (parts.size() < maxSplit) {
            int at = s.lastIndexOf(sep, end - sep.length());
            if (at < 0) {
                break;
            }
            parts.add(s.substring(at + sep.length(), end));
            end = at;
        }
        parts.add(s.substring(0, end));
        Collections.reverse(parts);
        return parts;
    }

    static String replace(String s, String old, String replacement, long count) {
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (long done = 0; done < count; done++) {
            int at = old.isEmpty() ? (from <= s.length() ? from : -1) : s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            out.append(s, from, at).append(replacement);
            if (old.isEmpty()) {
                if (at < s.length()) {
                    out.append(s.charAt(at));
                }
                from = at + 1;
            } else {
                from = at + old.length();
            }
        }
        if (from <= s.length()) {
            out.append(s.substring(from));
        }
        return out.toString();
    }

    static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.length() + 1L;
        }
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousIsLetter = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(previousIsLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
            previousIsLetter = Character.isLetter(c);
        }
        return out.toString();
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code str.format} with {@code {}}, {@code {0}} and {@code {name}} fields; format specs are not supported. */
    static String format(String template, Arguments args) {
        StringBuilder out = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < template.length() && template.charAt(i + 1) == c) {
                out.append(c);
                i++;
            } else if (c == '{') {
                int close = template.indexOf('}', i);
                if (close < 0) {
                    throw new TemplateError("single '{' in format string");
                }
                String field = template.substring(i + 1, close);
                if (field.contains(":") || field.contains("!")) {
                    throw new TemplateError("format specs are not supported: {" + field + "}");
                }
                Object value;
                if (field.isEmpty()) {
                    value = args.get(auto++, null, new Undefined(null));
                } else if (field.chars().allMatch(Character::isDigit)) {
                    value = args.get(Integer.parseInt(field), null, new Undefined(null));
                } else {
                    value = args.named().containsKey(field) ? args.named().get(field) : new Undefined(field);
                }
                if (value instanceof Undefined) {
                    throw new TemplateError("format field {" + field + "} has no argument");
                }
                out.append(PyText.str(value));
                i = close;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
