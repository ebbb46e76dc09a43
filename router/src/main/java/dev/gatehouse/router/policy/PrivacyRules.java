package dev.gatehouse.router.policy;

import dev.gatehouse.router.privacy.CustomPattern;
import dev.gatehouse.router.privacy.TermList;
import java.util.List;

/** The operator's own detectors from the policy's {@code privacy:} key, added to the built-in ones. */
public record PrivacyRules(List<CustomPattern> patterns, List<TermList> termLists) {
    public PrivacyRules {
        patterns = List.copyOf(patterns);
        termLists = List.copyOf(termLists);
    }

    public static PrivacyRules none() {
        return new PrivacyRules(List.of(), List.of());
    }
}
