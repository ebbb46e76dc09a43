package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.TreeSet;

/**
 * What a response tells the client about the privacy scan of its request: the data class the decision respected and
 * the finding types that set it — types only, never values or offsets, so the header repeats nothing of the prompt.
 */
public final class PrivacyHeaders {
    /** The class the request was routed as (declared, raised by detection). Same name as the request header. */
    public static final String DATA_CLASS = "x-gatehouse-data-class";
    /** Comma-separated distinct finding types, sorted; {@code none} when nothing was found. */
    public static final String FINDINGS = "x-gatehouse-findings";

    private PrivacyHeaders() {}

    public static String findingTypes(List<Finding> findings) {
        if (findings.isEmpty()) return "none";
        var types = new TreeSet<String>();
        for (Finding f : findings) types.add(f.type());
        return String.join(",", types);
    }
}
