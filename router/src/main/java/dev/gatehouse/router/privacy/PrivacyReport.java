package dev.gatehouse.router.privacy;

import java.util.List;

/** The data class of a text and the findings that set it. */
public record PrivacyReport(DataClass dataClass, List<Finding> findings) {
    public PrivacyReport {
        findings = List.copyOf(findings);
    }
}
