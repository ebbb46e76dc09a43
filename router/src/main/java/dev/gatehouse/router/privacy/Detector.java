package dev.gatehouse.router.privacy;

import java.util.List;

/** One kind of sensitive data. Adds what it finds to {@code out}; never keeps the text. */
interface Detector {
    void detect(String text, List<Finding> out);

    /**
     * The text with A-Z lowered and nothing else changed, so offsets stay valid. Matching lower-case patterns against it
     * is several times faster than Java's case-insensitive matching of long alternations.
     */
    static String lowerAscii(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) if (chars[i] >= 'A' && chars[i] <= 'Z') chars[i] += 32;
        return new String(chars);
    }
}
