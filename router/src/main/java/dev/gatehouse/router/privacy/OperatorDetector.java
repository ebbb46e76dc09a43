package dev.gatehouse.router.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The policy's own patterns and term lists. Terms are compiled into one alternation per list, matched as whole words. */
final class OperatorDetector implements Detector {
    private record Compiled(String type, Pattern pattern) {}

    private final List<Compiled> compiled = new ArrayList<>();

    OperatorDetector(List<CustomPattern> patterns, List<TermList> termLists) {
        for (CustomPattern p : patterns) compiled.add(new Compiled(p.type(), p.regex()));
        for (TermList list : termLists) {
            if (list.terms().isEmpty()) continue;
            var alternation = new StringBuilder();
            for (String term : list.terms()) {
                if (!alternation.isEmpty()) alternation.append('|');
                alternation.append(Pattern.quote(term.strip()).replace(" ", "\\E\\s+\\Q"));
            }
            compiled.add(new Compiled(list.type(), Pattern.compile(
                    "(?<![\\p{L}\\p{N}_])(?:" + alternation + ")(?![\\p{L}\\p{N}_])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
        }
    }

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text;
        for (Compiled c : compiled) {
            Matcher m = c.pattern().matcher(text);
            while (m.find()) if (m.end() > m.start()) out.add(new Finding(c.type(), m.start(), m.end(), 1.0));
        }
    }
}
