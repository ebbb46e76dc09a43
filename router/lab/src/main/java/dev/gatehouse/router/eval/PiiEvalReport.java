package dev.gatehouse.router.eval;

import dev.gatehouse.router.bench.BenchmarksFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The figures of one {@code eval pii} run as text, as JSON and as the {@code bench:pii} section of BENCHMARKS.md. */
final class PiiEvalReport {

    private final Path data;
    private final int holdoutFrom;
    private final Map<String, PiiEvaluation.Result> parts;
    private final PiiScanTiming timing;

    PiiEvalReport(Path data, int holdoutFrom, Map<String, PiiEvaluation.Result> parts, PiiScanTiming timing) {
        this.data = data;
        this.holdoutFrom = holdoutFrom;
        this.parts = parts;
        this.timing = timing;
    }

    /** The whole file's figures at the top level (the keys the acceptance checks read), then each part. */
    Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>(scoresJson(parts.get("whole").scores()));
        for (var part : parts.entrySet()) {
            if (!part.getKey().equals("whole")) json.put(part.getKey(), scoresJson(part.getValue().scores()));
        }
        json.put("holdoutFrom", holdoutFrom);
        json.put("scanMicrosPerSentenceMean", round(timing.sentenceMeanMicros()));
        json.put("scanMicrosPerSentenceP99", round(timing.sentenceP99Micros()));
        json.put("promptChars", timing.promptChars());
        json.put("scanMicrosPromptMedian", round(timing.promptMedianMicros()));
        json.put("scanMicrosPromptP99", round(timing.promptP99Micros()));
        return json;
    }

    private static Map<String, Object> scoresJson(PiiScores s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sentences", s.sentences());
        json.put("sentenceRecall", round(s.sentenceRecall()));
        json.put("sentencePrecision", round(s.sentencePrecision()));
        json.put("spanPrecision", round(s.spanPrecision()));
        json.put("spanRecall", round(s.spanRecall()));
        json.put("spanF2", round(s.spanF2()));
        json.put("typeAgnosticSpanRecall", round(s.typeAgnosticSpanRecall()));
        Map<String, Object> types = new LinkedHashMap<>();
        for (String type : PiiEvaluation.labelledTypesFirst(s)) {
            var t = s.perType().get(type);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("labelled", t.labelled());
            row.put("found", t.found());
            row.put("precision", round(t.precision()));
            row.put("recall", round(t.recall()));
            row.put("f2", round(t.f2()));
            types.put(type, row);
        }
        json.put("perType", types);
        return json;
    }

    String asText() {
        var text = new StringBuilder();
        for (var part : parts.entrySet()) {
            PiiScores s = part.getValue().scores();
            text.append(String.format(Locale.ROOT, "%s (%d sentences): sentence recall %.3f precision %.3f | span precision %.3f "
                            + "recall %.3f F2 %.3f | type-agnostic span recall %.3f%n", part.getKey(), s.sentences(),
                    s.sentenceRecall(), s.sentencePrecision(), s.spanPrecision(), s.spanRecall(), s.spanF2(),
                    s.typeAgnosticSpanRecall()));
        }
        text.append(typeTable(parts.get("whole").scores()));
        text.append(timingLine());
        return text.toString();
    }

    private String timingLine() {
        return String.format(Locale.ROOT, "scan time: %.1f µs mean, %.1f µs p99 per sentence; %d-char prompt %.1f µs median, "
                        + "%.1f µs p99%n", timing.sentenceMeanMicros(), timing.sentenceP99Micros(), timing.promptChars(),
                timing.promptMedianMicros(), timing.promptP99Micros());
    }

    private static String typeTable(PiiScores s) {
        var md = new StringBuilder("| type | labelled | found | precision | recall | F2 |\n|---|---|---|---|---|---|\n");
        for (String type : PiiEvaluation.labelledTypesFirst(s)) {
            var t = s.perType().get(type);
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s |%n", type, t.labelled(), t.found(),
                    fmt(t.precision()), fmt(t.recall()), fmt(t.f2())));
        }
        return md.toString();
    }

    void writeInto(Path file) throws IOException {
        BenchmarksFile.writeSection(file, "pii", markdown());
    }

    private String markdown() {
        var md = new StringBuilder("## Privacy scanner on Presidio's synthetic PII set\n\n");
        md.append("Command: `./gatehouse eval pii --data ").append(data.getFileName()).append(" --write-benchmarks docs/BENCHMARKS.md` (run ")
                .append(LocalDate.now()).append("). Data: `../shared/eval/pii/").append(data.getFileName()).append("`.\n\n");
        md.append("Method: sentence level counts a sentence as sensitive when it has any labelled span, and as flagged when the "
                + "scanner's data class is above `public`. Span level: a finding matches a labelled span when the character "
                + "ranges overlap and the types agree (our DATE_OF_BIRTH counts as DATE_TIME); every labelled type counts, "
                + "including TITLE, AGE and NRP. Detectors were developed on sentences 0-").append(holdoutFrom - 1)
                .append(" only; the held-out rows were not looked at while tuning. ")
                .append("Reference on this file (presidio-research): Presidio out of the box F2 0.618, tuned with a transformer NER 0.845.\n\n");
        md.append("| part | sentences | sentence recall | sentence precision | span precision | span recall | span F2 | type-agnostic span recall |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (var part : parts.entrySet()) {
            PiiScores s = part.getValue().scores();
            md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n", part.getKey(),
                    s.sentences(), s.sentenceRecall(), s.sentencePrecision(), s.spanPrecision(), s.spanRecall(), s.spanF2(),
                    s.typeAgnosticSpanRecall()));
        }
        md.append("\nPer type, whole file:\n\n").append(typeTable(parts.get("whole").scores()));
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        md.append("\nScan time, single thread, after warm-up: ").append(timingLine().replace("scan time: ", "").strip())
                .append(String.format(Locale.ROOT, " (%d cores, load average %.1f while measuring: timings on a busy machine "
                        + "are upper bounds).%n", os.getAvailableProcessors(), os.getSystemLoadAverage()));
        return md.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static Object round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10000) / 10000.0;
    }
}
