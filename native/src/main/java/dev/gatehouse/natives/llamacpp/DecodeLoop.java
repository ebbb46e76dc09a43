package dev.gatehouse.natives.llamacpp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.gatehouse.natives.NativeException;
import dev.gatehouse.natives.TokenProbability;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Continuous batching: one thread per model runs every active sequence through one {@code llama_batch} per step —
 * the next token of each generating sequence plus chunks of new prompts filling the rest of the batch — then samples
 * each sequence that produced an output. A new request joins at the next step; a cancelled one leaves at the next
 * step and its KV cache cells are freed at once.
 *
 * <p>Each sequence has a sequence id of its own, and with {@code kv_unified} off llama.cpp gives every id its own
 * region of the cache ({@code n_ctx / n_seq_max} cells), so one long conversation cannot starve the others.
 */
final class DecodeLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(DecodeLoop.class.getName());

    private final LlamaCppLibrary lib;
    private final LlamaCppModel model;
    private final MemorySegment context;
    private final MemorySegment memory;
    private final int contextPerSequence;
    private final int batchCapacity;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment batch;
    private final MemorySegment tokens;
    private final MemorySegment positions;
    private final MemorySegment seqIds;
    private final MemorySegment outputs;
    private final Sequence[] bySeqId;
    private final List<Sequence> active = new ArrayList<>();
    private final ConcurrentLinkedQueue<Sequence> incoming = new ConcurrentLinkedQueue<>();
    private final Object signal = new Object();
    private boolean signalled;
    private volatile boolean stopping;
    private volatile boolean stopped;

    DecodeLoop(LlamaCppLibrary lib, LlamaCppModel model, MemorySegment context, int sequences, int contextPerSequence,
               int batchCapacity) {
        this.lib = lib;
        this.model = model;
        this.context = context;
        this.contextPerSequence = contextPerSequence;
        this.batchCapacity = batchCapacity;
        this.bySeqId = new Sequence[sequences];
        try {
            this.memory = (MemorySegment) lib.getMemory.invokeExact(context);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
        batch = arena.allocate(LlamaStructs.BATCH);
        tokens = arena.allocate(JAVA_INT, batchCapacity);
        positions = arena.allocate(JAVA_INT, batchCapacity);
        MemorySegment seqCounts = arena.allocate(JAVA_INT, batchCapacity);
        MemorySegment seqPointers = arena.allocate(ADDRESS, batchCapacity);
        seqIds = arena.allocate(JAVA_INT, batchCapacity);
        outputs = arena.allocate(JAVA_BYTE, batchCapacity);
        for (int i = 0; i < batchCapacity; i++) {
            seqCounts.setAtIndex(JAVA_INT, i, 1); // every row belongs to exactly one sequence
            seqPointers.setAtIndex(ADDRESS, i, seqIds.asSlice(i * 4L, 4));
        }
        batch.set(ADDRESS, LlamaStructs.B_TOKEN, tokens);
        batch.set(ADDRESS, LlamaStructs.B_EMBD, MemorySegment.NULL);
        batch.set(ADDRESS, LlamaStructs.B_POS, positions);
        batch.set(ADDRESS, LlamaStructs.B_N_SEQ_ID, seqCounts);
        batch.set(ADDRESS, LlamaStructs.B_SEQ_ID, seqPointers);
        batch.set(ADDRESS, LlamaStructs.B_LOGITS, outputs);
    }

    int contextPerSequence() {
        return contextPerSequence;
    }

    /** Queues a sequence; it joins the batch at the next step. */
    void submit(Sequence sequence) {
        if (stopping) {
            sequence.sampler.close();
            throw new NativeException(NativeException.Kind.GENERATION_FAILED, "the model is being unloaded");
        }
        incoming.add(sequence);
        wake();
    }

    void wake() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    /** Stops the loop: running sequences end as cancelled. Returns once the thread has left native code. */
    boolean stop(long timeout, TimeUnit unit) throws InterruptedException {
        stopping = true;
        wake();
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (signal) {
            while (!stopped) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(signal, left);
            }
        }
        arena.close();
        return true;
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                admit();
                reapCancelled();
                if (active.isEmpty()) {
                    awaitWork();
                    continue;
                }
                step();
            }
        } catch (RuntimeException | Error e) {
            LOG.severe("decode loop failed: " + e);
            failAll(new NativeException(NativeException.Kind.GENERATION_FAILED, "decode loop failed: " + e, e));
        } finally {
            for (Sequence s : active) finishAndFree(s, Sequence::cancelled);
            for (Sequence s; (s = incoming.poll()) != null; ) {
                s.cancelled();
                s.sampler.close();
            }
            synchronized (signal) {
                stopped = true;
                signal.notifyAll();
            }
        }
    }

    private void admit() {
        for (int id = 0; id < bySeqId.length && !incoming.isEmpty(); id++) {
            if (bySeqId[id] != null) continue;
            Sequence next = incoming.poll();
            if (next == null) break;
            next.seqId = id;
            bySeqId[id] = next;
            active.add(next);
        }
    }

    private void reapCancelled() {
        for (int i = active.size() - 1; i >= 0; i--) {
            Sequence s = active.get(i);
            if (s.cancelRequested) {
                active.remove(i);
                finishAndFree(s, Sequence::cancelled);
            }
        }
        for (Sequence s : incoming) {
            if (s.cancelRequested && incoming.remove(s)) {
                s.cancelled();
                s.sampler.close();
            }
        }
    }

    private void awaitWork() {
        synchronized (signal) {
            if (!signalled && incoming.isEmpty() && !stopping) {
                try {
                    signal.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
            signalled = false;
        }
    }

    /** One llama_decode over every active sequence, then sampling. */
    private void step() {
        int n = 0;
        // the next token of every generating sequence first: a long new prompt must not stall running streams
        for (Sequence s : active) {
            s.outputIndex = -1;
            if (!s.prefilling()) {
                n = put(n, s.nextToken, s.position++, s.seqId, true);
                s.outputIndex = n - 1;
            }
        }
        for (Sequence s : active) {
            if (!s.prefilling() || n >= batchCapacity) continue;
            int chunk = Math.min(batchCapacity - n, s.prompt.length - s.prefilled);
            for (int k = 0; k < chunk; k++) {
                boolean lastOfPrompt = s.prefilled + 1 == s.prompt.length;
                n = put(n, s.prompt[s.prefilled++], s.position++, s.seqId, lastOfPrompt);
                if (lastOfPrompt) s.outputIndex = n - 1;
            }
        }
        batch.set(JAVA_INT, 0, n);
        int rc;
        try {
            rc = (int) lib.decode.invokeExact(context, batch);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
        if (rc != 0) {
            NativeException failure = new NativeException(rc == 1 ? NativeException.Kind.OUT_OF_MEMORY
                    : NativeException.Kind.GENERATION_FAILED, "llama_decode returned " + rc
                    + (rc == 1 ? " (no room in the KV cache)" : "") + "; " + lastLine(lib.recentLog()));
            for (Sequence s : List.copyOf(active)) {
                active.remove(s);
                finishAndFree(s, seq -> seq.fail(failure));
            }
            return;
        }
        for (int i = active.size() - 1; i >= 0; i--) {
            Sequence s = active.get(i);
            if (s.outputIndex < 0 || s.cancelRequested) continue;
            int token = s.sampler.sample(context, s.outputIndex);
            boolean end = model.isEndOfGeneration(token);
            TokenProbability logprob = s.settings.logprobs() && !end ? logprob(s.outputIndex, token,
                    s.settings.topLogprobs()) : null;
            byte[] bytes = end ? new byte[0] : model.pieceBytes(token);
            if (s.accept(token, end, bytes, logprob, contextPerSequence)) {
                active.remove(i);
                finishAndFree(s, seq -> {});
            }
        }
    }

    private int put(int row, int token, int position, int seqId, boolean output) {
        tokens.setAtIndex(JAVA_INT, row, token);
        positions.setAtIndex(JAVA_INT, row, position);
        seqIds.setAtIndex(JAVA_INT, row, seqId);
        outputs.set(JAVA_BYTE, row, (byte) (output ? 1 : 0));
        return row + 1;
    }

    /** log softmax of the raw logits at one output row: the model's own probabilities, before sampling settings. */
    private TokenProbability logprob(int row, int chosen, int top) {
        MemorySegment logits;
        try {
            logits = ((MemorySegment) lib.getLogitsIth.invokeExact(context, row))
                    .reinterpret((long) model.vocabSize * Float.BYTES);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
        float[] values = logits.toArray(JAVA_FLOAT);
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) max = Math.max(max, v);
        double sum = 0;
        for (float v : values) sum += Math.exp(v - max);
        double logZ = max + Math.log(sum);
        List<TokenProbability> alternatives = new ArrayList<>(top);
        for (int t : topIndices(values, top)) {
            alternatives.add(new TokenProbability(t, model.pieceBytes(t), values[t] - logZ, List.of()));
        }
        return new TokenProbability(chosen, model.pieceBytes(chosen), values[chosen] - logZ, alternatives);
    }

    /** The indices of the k largest values, largest first (k is at most 20: a running insertion list). */
    static int[] topIndices(float[] values, int k) {
        int[] best = new int[Math.min(k, values.length)];
        int size = 0;
        for (int i = 0; i < values.length; i++) {
            if (size == best.length && (size == 0 || values[i] <= values[best[size - 1]])) continue;
            int at = size < best.length ? size++ : size - 1;
            while (at > 0 && values[best[at - 1]] < values[i]) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = i;
        }
        return best;
    }

    private void finishAndFree(Sequence s, java.util.function.Consumer<Sequence> ending) {
        ending.accept(s);
        if (s.seqId >= 0) {
            try {
                boolean ignored = (boolean) lib.memorySeqRm.invokeExact(memory, s.seqId, -1, -1);
            } catch (Throwable t) {
                LOG.warning("could not free KV cells of sequence " + s.seqId + ": " + t);
            }
            bySeqId[s.seqId] = null;
        }
        s.sampler.close();
    }

    private void failAll(NativeException failure) {
        for (Sequence s : List.copyOf(active)) {
            active.remove(s);
            finishAndFree(s, seq -> seq.fail(failure));
        }
    }

    private static String lastLine(String log) {
        String[] lines = log.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
