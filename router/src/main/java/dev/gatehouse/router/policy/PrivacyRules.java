package dev.gatehouse.router.policy;

import dev.gatehouse.router.privacy.CustomPattern;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.FindingClasses;
import dev.gatehouse.router.privacy.TermList;
import java.util.List;
import java.util.Map;

/**
 * The policy's {@code privacy:} key: the operator's own detectors, added to the built-in ones, and how sure the
 * router must be before data may leave.
 *
 * @param egress  {@link Egress#STRICT} (default): text may leave only if every word is known to be harmless;
 *                {@link Egress#DETECTED}: text may leave unless a detector recognises something sensitive
 * @param classes {@code privacy.classes}: the operator's class for a built-in finding type, over the shipped default
 */
public record PrivacyRules(List<CustomPattern> patterns, List<TermList> termLists, Egress egress,
        Map<String, DataClass> classes) {
    public enum Egress {
        STRICT,
        DETECTED
    }

    public PrivacyRules {
        patterns = List.copyOf(patterns);
        termLists = List.copyOf(termLists);
        classes = Map.copyOf(classes);
    }

    public PrivacyRules(List<CustomPattern> patterns, List<TermList> termLists, Egress egress) {
        this(patterns, termLists, egress, Map.of());
    }

    public PrivacyRules(List<CustomPattern> patterns, List<TermList> termLists) {
        this(patterns, termLists, Egress.STRICT);
    }

    /** The class of each finding type: the shipped defaults with {@link #classes} over them. */
    public FindingClasses findingClasses() {
        return FindingClasses.withOverrides(classes);
    }

    public static PrivacyRules none() {
        return new PrivacyRules(List.of(), List.of());
    }
}
