package dev.gatehouse.router.eval;

import java.util.Map;

/**
 * Scores of a privacy scanner on a labelled set.
 *
 * @param sentences            sentences scored
 * @param sentenceRecall       share of sentences with at least one labelled span that the scanner classed above PUBLIC
 * @param sentencePrecision    share of sentences classed above PUBLIC that have at least one labelled span
 * @param spanPrecision        share of findings that overlap a labelled span of the same type
 * @param spanRecall           share of labelled spans overlapped by a finding of the same type
 * @param spanF2               recall-weighted F (beta 2) of span precision and recall
 * @param typeAgnosticSpanRecall share of labelled spans overlapped by any finding, whatever its type
 * @param perType              the span figures for each type, labelled or found
 */
record PiiScores(int sentences, double sentenceRecall, double sentencePrecision, double spanPrecision, double spanRecall,
        double spanF2, double typeAgnosticSpanRecall, Map<String, TypeScore> perType) {

    /** Span figures for one entity type. */
    record TypeScore(int labelled, int found, double precision, double recall, double f2) {}

    static double f2(double precision, double recall) {
        return precision + recall == 0 ? 0 : 5 * precision * recall / (4 * precision + recall);
    }
}
