package dev.gatehouse.router.routing;

import dev.gatehouse.router.difficulty.DifficultyScorer;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.PrivacyReport;
import dev.gatehouse.router.privacy.PrivacyScanner;
import java.util.List;

/**
 * Stand-ins until the privacy scanner and the difficulty model are merged: no findings (the declared class still
 * applies) and a difficulty of one half. Replaced in {@link RouterSetup} when those land.
 */
final class InterimDetectors {

    private InterimDetectors() {}

    static PrivacyScanner noScanner() {
        return text -> new PrivacyReport(DataClass.PUBLIC, List.of());
    }

    static DifficultyScorer midpoint() {
        return (prompt, embedding) -> 0.5;
    }
}
