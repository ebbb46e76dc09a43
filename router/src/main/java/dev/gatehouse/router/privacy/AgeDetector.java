package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A person's age (Presidio's AGE) from its phrasing: "65-year-old", "aged 40", "at the age of 61", "turned 60", "I am 32". */
final class AgeDetector implements Detector {
    private static final Pattern AGE = Pattern.compile("\\b(?:"
            + "(\\d{1,3})[- ](?:years?|yrs?)[- ]old"
            + "|(\\d{1,3})\\s(?:years?|yrs?)\\sof\\sage"
            + "|(?:aged?|age of|turn(?:ed|s|ing)?|i'?m|i am|he'?s|she'?s|he is|she is|they are)\\s(\\d{1,3})(?!\\s?(?:%|am|pm|a\\.m|p\\.m|:|\\.\\d|,\\d))"
            + "|(\\d{1,3})\\s?(?:yo|y/o|y\\.o\\.)"
            + ")\\b");

    @Override
    public void detect(String text, List<Finding> out) {
        Matcher m = AGE.matcher(Detector.lowerAscii(text));
        while (m.find()) {
            for (int g = 1; g <= 4; g++) {
                if (m.group(g) == null) continue;
                int age = Integer.parseInt(m.group(g));
                if (age > 0 && age < 125) out.add(new Finding(EntityTypes.AGE, m.start(g), m.end(g), 0.7));
            }
        }
    }
}
