package dev.gatehouse.router.privacy;

import java.util.List;

/** The data class of a text and the findings that set it. */
public record PrivacyReport(DataClass dataClass, List<Finding> findings) {
    public PrivacyReport {
        findings = List.copyOf(findings);
    }

    /**
     * This report with its class raised to what the client or tenant declared (header {@code x-gatehouse-data-class}):
     * a declaration can raise the detected class, never lower it.
     */
    public PrivacyReport raisedTo(DataClass declared) {
        DataClass raised = dataClass.atLeast(declared);
        return raised == dataClass ? this : new PrivacyReport(raised, findings);
    }
}
