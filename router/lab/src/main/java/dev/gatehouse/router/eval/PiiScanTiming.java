package dev.gatehouse.router.eval;

import dev.gatehouse.router.privacy.PrivacyScanner;
import java.util.Arrays;

/**
 * How long scanning takes: per sentence of the file, and for a 2 KB prompt made by joining the file's sentences
 * (the size of a typical chat request), after warm-up, single thread.
 */
record PiiScanTiming(double sentenceMeanMicros, double sentenceP99Micros, int promptChars, double promptMedianMicros,
        double promptP99Micros) {
    private static final int PROMPT_CHARS = 2048;
    private static final int PROMPT_ROUNDS = 500;

    static void warmUp(PrivacyScanner scanner, PiiDataset data) {
        for (int round = 0; round < 3; round++) for (var s : data.sentences()) scanner.scan(s.text());
    }

    static PiiScanTiming measure(PrivacyScanner scanner, PiiDataset data, long[] sentenceNanos) {
        var prompt = new StringBuilder();
        for (var s : data.sentences()) {
            if (prompt.length() >= PROMPT_CHARS) break;
            prompt.append(s.text()).append(' ');
        }
        String text = prompt.length() > PROMPT_CHARS ? prompt.substring(0, PROMPT_CHARS) : prompt.toString();
        for (int i = 0; i < 200; i++) scanner.scan(text);
        long[] nanos = new long[PROMPT_ROUNDS];
        for (int i = 0; i < nanos.length; i++) {
            long t0 = System.nanoTime();
            scanner.scan(text);
            nanos[i] = System.nanoTime() - t0;
        }
        return new PiiScanTiming(mean(sentenceNanos) / 1e3, percentile(sentenceNanos, 0.99) / 1e3, text.length(),
                percentile(nanos, 0.5) / 1e3, percentile(nanos, 0.99) / 1e3);
    }

    private static double mean(long[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static double percentile(long[] values, double q) {
        if (values.length == 0) return Double.NaN;
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
