package dev.gatehouse.router.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One round of {@code streams} generations of the same prompt started together on one path: every stream waits at a
 * gate on a platform thread of its own (the engines block in native code while they wait), the gate opens, and the
 * round ends when the last stream does.
 *
 * @param samples   one per stream, TTFT and end measured from that stream's own request start
 * @param wallNanos from opening the gate to the end of the last stream
 */
record ConcurrentRound(List<GenerationSample> samples, long wallNanos) {

    static ConcurrentRound run(GenerationPath path, int streams, String prompt, int maxTokens) throws Exception {
        CountDownLatch ready = new CountDownLatch(streams);
        CountDownLatch gate = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(streams, Thread.ofPlatform().daemon().factory())) {
            List<Future<GenerationSample>> futures = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    gate.await();
                    return path.run(prompt, maxTokens);
                }));
            }
            ready.await();
            long start = System.nanoTime();
            gate.countDown();
            List<GenerationSample> samples = new ArrayList<>();
            for (Future<GenerationSample> f : futures) {
                try {
                    samples.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(path.name() + " failed at " + streams + " streams: "
                            + e.getCause(), e.getCause());
                }
            }
            return new ConcurrentRound(samples, System.nanoTime() - start);
        }
    }

    int tokens() {
        return samples.stream().mapToInt(GenerationSample::tokens).sum();
    }

    /** All streams' tokens over the round's wall time: what the machine delivered. */
    double aggregateTokensPerSecond() {
        return tokens() / (wallNanos / 1e9);
    }
}
