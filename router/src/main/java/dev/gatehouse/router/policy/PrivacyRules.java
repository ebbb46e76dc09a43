package dev.gatehouse.router.policy;

import dev.gatehouse.router.privacy.CustomPattern;
import dev.gatehouse.router.privacy.TermList;
import java.util.List;

/**
 * The policy's {@code privacy:} key: the operator's own detectors, added to the built-in ones, and how sure the
 * router must be before data may leave.
 *
 * @param egress {@link Egress#STRICT} (default): text may leave only if every word is known to be harmless;
 *               {@link Egress#DETECTED}: text may leave unless a detector recognises something sensitive
 */
public record PrivacyRules(List<CustomPattern> patterns, List<TermList> termLists, Egress egress) {
    public enum Egress {
        STRICT,
        DETECTED
    }

    public PrivacyRules {
        patterns = List.copyOf(patterns);
        termLists = List.copyOf(termLists);
    }

    public PrivacyRules(List<CustomPattern> patterns, List<TermList> termLists) {
        this(patterns, termLists, Egress.STRICT);
    }

    public static PrivacyRules none() {
        return new PrivacyRules(List.of(), List.of());
    }
}
