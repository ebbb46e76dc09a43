package dev.gatehouse.router.policy;

import dev.gatehouse.router.privacy.CustomPattern;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.TermList;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code privacy: {patterns: [{type, regex, dataClass}], terms: [{type, terms: [...], dataClass}],
 * egress: strict|detected}}: the operator's detectors, each raising the data class of the text it matches to at
 * least its own, and the egress rule.
 */
final class PrivacyRulesReader {

    private PrivacyRulesReader() {}

    static PrivacyRules read(PolicyNode node) {
        if (node == null) return PrivacyRules.none();
        node.rejectUnknownKeys(List.of("patterns", "terms", "egress"));
        List<CustomPattern> patterns = new ArrayList<>();
        for (PolicyNode p : node.mappings("patterns")) {
            p.rejectUnknownKeys(List.of("type", "regex", "dataClass"));
            String type = required(p, "type");
            String regex = required(p, "regex");
            DataClass dataClass = dataClass(p);
            Pattern compiled = null;
            if (regex != null) {
                try {
                    compiled = Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    p.violation("regex", "is not a valid regular expression: " + e.getDescription());
                }
            }
            if (type != null && compiled != null && dataClass != null) {
                patterns.add(new CustomPattern(type, compiled, dataClass));
            }
        }
        List<TermList> terms = new ArrayList<>();
        for (PolicyNode t : node.mappings("terms")) {
            t.rejectUnknownKeys(List.of("type", "terms", "dataClass"));
            String type = required(t, "type");
            List<String> words = t.strings("terms");
            if (words.isEmpty()) t.violation("terms", "must list at least one word or phrase");
            DataClass dataClass = dataClass(t);
            if (type != null && !words.isEmpty() && dataClass != null) {
                terms.add(new TermList(type, words, dataClass));
            }
        }
        PrivacyRules.Egress egress = node.has("egress") ? node.enumValue("egress", PrivacyRules.Egress.class) : null;
        return new PrivacyRules(patterns, terms, egress == null ? PrivacyRules.Egress.STRICT : egress);
    }

    private static String required(PolicyNode n, String key) {
        String value = n.string(key);
        if (value == null && !n.has(key)) n.violation(key, "is required");
        return value;
    }

    private static DataClass dataClass(PolicyNode n) {
        if (!n.has("dataClass")) {
            n.violation("dataClass", "is required: public, internal, confidential or restricted");
            return null;
        }
        return n.enumValue("dataClass", DataClass.class);
    }
}
