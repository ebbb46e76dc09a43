package dev.gatehouse.router.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * One round of {@code streams} generations of the same prompt started together on one path: every stream waits at a
 * gate on a platform thread of its own (the engines block in native code while they wait), the gate opens, and the
 * round ends when the last stream does.
 *
 * @param samples      one per stream, TTFT and end measured from that stream's own request start
 * @param startOffsets when each stream's request started, from opening the gate (same order as samples)
 * @param wallNanos    from opening the gate to the end of the last stream
 * @param cpuNanos     CPU time the benchmark's processes (this JVM and the workers) spent over the round
 */
record ConcurrentRound(List<GenerationSample> samples, List<Long> startOffsets, long wallNanos, long cpuNanos) {

    /**
     * @param cpuClock CPU time so far of every process taking part; read before the gate opens and after the last
     *                 stream ends
     */
    static ConcurrentRound run(GenerationPath path, int streams, String prompt, int maxTokens, LongSupplier cpuClock)
            throws Exception {
        CountDownLatch ready = new CountDownLatch(streams);
        CountDownLatch gate = new CountDownLatch(1);
        long[] gateOpened = new long[1];
        try (ExecutorService threads = Executors.newFixedThreadPool(streams, Thread.ofPlatform().daemon().factory())) {
            List<Future<Started>> futures = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    gate.await();
                    long offset = System.nanoTime() - gateOpened[0];
                    return new Started(offset, path.run(prompt, maxTokens));
                }));
            }
            ready.await();
            long cpuBefore = cpuClock.getAsLong();
            long start = System.nanoTime();
            gateOpened[0] = start; // written before countDown(), which publishes it to the streams
            gate.countDown();
            List<GenerationSample> samples = new ArrayList<>();
            List<Long> offsets = new ArrayList<>();
            for (Future<Started> f : futures) {
                try {
                    Started started = f.get();
                    samples.add(started.sample());
                    offsets.add(started.offset());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(path.name() + " failed at " + streams + " streams: "
                            + e.getCause(), e.getCause());
                }
            }
            long wall = System.nanoTime() - start;
            return new ConcurrentRound(samples, offsets, wall, cpuClock.getAsLong() - cpuBefore);
        }
    }

    private record Started(long offset, GenerationSample sample) {}

    int tokens() {
        return samples.stream().mapToInt(GenerationSample::tokens).sum();
    }

    /** All streams' tokens over the round's wall time: what the machine delivered, prompt processing included. */
    double aggregateTokensPerSecond() {
        return tokens() / (wallNanos / 1e9);
    }

    /** CPU milliseconds per generated token, all our processes together: what the path costs, whatever else runs. */
    double cpuMillisPerToken() {
        return cpuNanos / 1e6 / tokens();
    }

    /**
     * The decode phase alone: every stream's tokens after its first, over the time from the earliest first token to
     * the last token of the round. The prompts of a round are read together, so this leaves out the prefill that
     * {@link #aggregateTokensPerSecond()} counts.
     */
    double aggregateDecodeTokensPerSecond() {
        long firstToken = Long.MAX_VALUE;
        long lastToken = 0;
        int decoded = 0;
        for (int i = 0; i < samples.size(); i++) {
            GenerationSample s = samples.get(i);
            firstToken = Math.min(firstToken, startOffsets.get(i) + s.firstNanos());
            lastToken = Math.max(lastToken, startOffsets.get(i) + s.lastNanos());
            decoded += s.tokens() - 1;
        }
        return decoded / ((lastToken - firstToken) / 1e9);
    }
}
