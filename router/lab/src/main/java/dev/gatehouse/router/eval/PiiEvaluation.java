package dev.gatehouse.router.eval;

import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.EntityTypes;
import dev.gatehouse.router.privacy.Finding;
import dev.gatehouse.router.privacy.PrivacyReport;
import dev.gatehouse.router.privacy.PrivacyScanner;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores a scanner against labelled sentences.
 * <p>Sentence level: a sentence is sensitive when it has any labelled span; the scanner says so when its data class
 * is above PUBLIC. Span level: a finding and a labelled span match when their character ranges overlap and their types
 * agree after mapping our refinements back to Presidio's names (DATE_OF_BIRTH counts as DATE_TIME). Overlap, not exact
 * boundaries, because labels disagree among themselves on what a span includes (an address with or without its
 * building number, a name with or without its title); what routing needs is that the sensitive text was covered.
 * Each labelled span counts once for recall, each finding once for precision.
 */
final class PiiEvaluation {
    private PiiEvaluation() {}

    record Result(PiiScores scores, long[] scanNanos) {}

    static Result run(PrivacyScanner scanner, PiiDataset data) {
        int positives = 0, flagged = 0, truePositives = 0;
        int labelled = 0, labelledMatched = 0, labelledCovered = 0, found = 0, foundMatched = 0;
        Map<String, int[]> perType = new TreeMap<>(); // labelled, labelledMatched, found, foundMatched
        long[] nanos = new long[data.sentences().size()];
        int i = 0;
        for (PiiDataset.Sentence sentence : data.sentences()) {
            long t0 = System.nanoTime();
            PrivacyReport report = scanner.scan(sentence.text());
            nanos[i++] = System.nanoTime() - t0;
            boolean sensitive = !sentence.spans().isEmpty();
            boolean saysSensitive = report.dataClass() != DataClass.PUBLIC;
            if (sensitive) positives++;
            if (saysSensitive) flagged++;
            if (sensitive && saysSensitive) truePositives++;
            for (PiiDataset.Span span : sentence.spans()) {
                int[] counts = perType.computeIfAbsent(span.type(), k -> new int[4]);
                labelled++;
                counts[0]++;
                boolean matched = false, covered = false;
                for (Finding f : report.findings()) {
                    if (!overlaps(f, span)) continue;
                    covered = true;
                    if (EntityTypes.presidioType(f.type()).equals(span.type())) matched = true;
                }
                if (matched) {
                    labelledMatched++;
                    counts[1]++;
                }
                if (covered) labelledCovered++;
            }
            for (Finding f : report.findings()) {
                String type = EntityTypes.presidioType(f.type());
                int[] counts = perType.computeIfAbsent(type, k -> new int[4]);
                found++;
                counts[2]++;
                boolean matched = sentence.spans().stream().anyMatch(s -> s.type().equals(type) && overlaps(f, s));
                if (matched) {
                    foundMatched++;
                    counts[3]++;
                }
            }
        }
        Map<String, PiiScores.TypeScore> types = new TreeMap<>();
        perType.forEach((type, c) -> {
            double p = ratio(c[3], c[2]), r = ratio(c[1], c[0]);
            types.put(type, new PiiScores.TypeScore(c[0], c[2], p, r, PiiScores.f2(p, r)));
        });
        double precision = ratio(foundMatched, found), recall = ratio(labelledMatched, labelled);
        var scores = new PiiScores(data.sentences().size(), ratio(truePositives, positives), ratio(truePositives, flagged),
                precision, recall, PiiScores.f2(precision, recall), ratio(labelledCovered, labelled), types);
        return new Result(scores, nanos);
    }

    private static boolean overlaps(Finding f, PiiDataset.Span s) {
        return f.start() < s.end() && s.start() < f.end();
    }

    private static double ratio(int a, int b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    static List<String> labelledTypesFirst(PiiScores scores) {
        return scores.perType().entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getValue().labelled(), a.getValue().labelled()))
                .map(Map.Entry::getKey).toList();
    }
}
