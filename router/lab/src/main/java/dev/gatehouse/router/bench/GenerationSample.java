package dev.gatehouse.router.bench;

import java.util.Arrays;
import java.util.List;

/**
 * One timed generation: when the first piece arrived and when the last did, both from the request's start.
 *
 * @param firstNanos time to first token
 * @param lastNanos  time to the end of the generation
 * @param tokens       tokens generated, as the model counted them
 * @param promptTokens tokens the model read for the prompt, or -1 where the path does not report them
 */
record GenerationSample(long firstNanos, long lastNanos, int tokens, int promptTokens) {

    GenerationSample(long firstNanos, long lastNanos, int tokens) {
        this(firstNanos, lastNanos, tokens, -1);
    }

    /** Tokens per second over the whole request, prefill included. */
    double tokensPerSecond() {
        return tokens / (lastNanos / 1e9);
    }

    /** Tokens per second after the first one: the decode rate the hop would slow down. */
    double decodeTokensPerSecond() {
        return (tokens - 1) / ((lastNanos - firstNanos) / 1e9);
    }

    static double median(List<GenerationSample> samples, java.util.function.ToDoubleFunction<GenerationSample> f) {
        double[] values = samples.stream().mapToDouble(f).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    static double min(List<GenerationSample> samples, java.util.function.ToDoubleFunction<GenerationSample> f) {
        return Arrays.stream(samples.stream().mapToDouble(f).toArray()).min().orElse(Double.NaN);
    }
}
