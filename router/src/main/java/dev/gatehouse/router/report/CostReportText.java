package dev.gatehouse.router.report;

import java.util.Locale;

/** The cost report as a table for a terminal. */
final class CostReportText {
    private CostReportText() {
    }

    static String of(CostReport.Report report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-28s %8s %10s %10s %10s %6s %9s %9s %12s %10s%n", report.by(),
                "requests", "spend", "prompt", "completion", "escal", "feedback", "success", "cost/success",
                "savings"));
        for (CostReport.Row row : report.rows()) line(out, row);
        line(out, report.total());
        out.append("savings: against sending every request to ")
                .append(report.strongestTarget() == null ? "(no target)" : report.strongestTarget())
                .append(", the policy's strongest target, at its prices\n");
        return out.toString();
    }

    private static void line(StringBuilder out, CostReport.Row r) {
        out.append(String.format(Locale.ROOT, "%-28s %8d %10.4f %10d %10d %6d %9s %9d %12s %10.4f%n",
                r.group().length() > 28 ? r.group().substring(0, 27) + "…" : r.group(), r.requests(), r.spend(),
                r.promptTokens(), r.completionTokens(), r.escalations(),
                r.meanScore() == null ? "-" : String.format(Locale.ROOT, "%d@%.2f", r.withFeedback(), r.meanScore()),
                r.successes(), r.costPerSuccess() == null ? "-" : String.format(Locale.ROOT, "%.5f", r.costPerSuccess()),
                r.savings()));
    }
}
