package dev.gatehouse.router.policy;

import dev.gatehouse.manifest.yaml.YamlNode;
import dev.gatehouse.router.privacy.CustomPattern;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.FindingClasses;
import dev.gatehouse.router.privacy.TermList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code privacy: {patterns: [{type, regex, dataClass}], terms: [{type, terms: [...], dataClass}],
 * egress: strict|detected, classes: {PERSON: confidential, ...}}}: the operator's detectors, each raising the data
 * class of the text it matches to at least its own, the egress rule, and the class of built-in finding types.
 */
final class PrivacyRulesReader {

    private PrivacyRulesReader() {}

    static PrivacyRules read(YamlNode node) {
        if (node == null) return PrivacyRules.none();
        node.rejectUnknownKeys(List.of("patterns", "terms", "egress", "classes"));
        List<CustomPattern> patterns = new ArrayList<>();
        for (YamlNode p : node.mappings("patterns")) {
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
        for (YamlNode t : node.mappings("terms")) {
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
        return new PrivacyRules(patterns, terms, egress == null ? PrivacyRules.Egress.STRICT : egress,
                classes(node.mapping("classes")));
    }

    /** {@code classes: {TYPE: class}}: each key a built-in finding type, each value a data class. */
    private static Map<String, DataClass> classes(YamlNode node) {
        Map<String, DataClass> classes = new LinkedHashMap<>();
        if (node == null) return classes;
        Set<String> known = FindingClasses.builtInTypes();
        for (String type : node.keys()) {
            var value = node.get(type);
            if (!known.contains(type)) {
                node.violation(type, "unknown finding type, expected one of " + known
                        + " (an operator pattern or term list takes its class from its own dataClass)");
                continue;
            }
            DataClass c = value.isTextual() ? DataClass.fromWireName(value.asText()).orElse(null) : null;
            if (c == null) {
                node.violation(type, "must be one of [public, internal, confidential, restricted], was "
                        + YamlNode.describe(value));
                continue;
            }
            classes.put(type, c);
        }
        return classes;
    }

    private static String required(YamlNode n, String key) {
        String value = n.string(key);
        if (value == null && !n.has(key)) n.violation(key, "is required");
        return value;
    }

    private static DataClass dataClass(YamlNode n) {
        if (!n.has("dataClass")) {
            n.violation("dataClass", "is required: public, internal, confidential or restricted");
            return null;
        }
        return n.enumValue("dataClass", DataClass.class);
    }
}
