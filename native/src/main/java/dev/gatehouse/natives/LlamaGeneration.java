package dev.gatehouse.natives;

import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaOutput;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One streamed completion on a {@link LlamaModelHandle}.
 *
 * <p>Counting: with stop strings handled here (see {@link StopStrings}) llama.cpp b4916 sends one chunk per sampled
 * token, the end-of-generation token included (as an empty chunk), then one final empty chunk. The exception is a
 * token whose bytes end inside a UTF-8 character: llama.cpp holds it back and sends its bytes with the next chunk.
 * Measured with random weights and a byte-fallback vocabulary: 1-2 such merges per 1000 tokens; none in ASCII text.
 * When the native side stops at maxTokens the count is exact by definition; otherwise it can be short by the number
 * of such merges.
 *
 * <p>Cancellation: {@link LlamaIterator#cancel()} must not run while another thread is blocked in
 * {@code next()} (that thread would wait for a result that never comes), so a cancel that arrives during a read
 * is carried out by the reader as soon as its current chunk arrives.
 */
final class LlamaGeneration implements NativeGeneration {

    private static final Logger LOG = Logger.getLogger(LlamaGeneration.class.getName());

    private final LlamaModelHandle owner;
    private final LlamaIterator iterator;
    private final int promptTokens;
    private final int maxTokens;
    private final StopStrings stops;
    private boolean reading;
    private boolean cancelRequested;
    private boolean finished;
    private boolean endedNaturally;
    private boolean lastPieceEmpty;
    private int tokens;

    LlamaGeneration(LlamaModelHandle owner, LlamaIterator iterator, int promptTokens, Sampling sampling) {
        this.owner = owner;
        this.iterator = iterator;
        this.promptTokens = promptTokens;
        this.maxTokens = sampling.maxTokens();
        this.stops = new StopStrings(sampling.stop());
    }

    @Override
    public String nextPiece() {
        while (true) {
            synchronized (this) {
                if (finished) {
                    return null;
                }
                if (cancelRequested) {
                    stopNative();
                    return null;
                }
                reading = true;
            }
            if (!owner.enterForGeneration()) {
                synchronized (this) {
                    reading = false;
                    finish();
                }
                return null;
            }
            LlamaOutput output;
            boolean more;
            try {
                output = iterator.next();
                more = iterator.hasNext();
            } catch (RuntimeException e) {
                synchronized (this) {
                    reading = false;
                    finish();
                }
                throw NativeFailures.classify(e, "generation failed", "");
            } finally {
                owner.exit();
            }
            synchronized (this) {
                reading = false;
                if (cancelRequested) {
                    stopNative();
                    return null;
                }
                if (!more) {
                    endedNaturally = true;
                    finish();
                    StopStrings.Step step = stops.push(output.text);
                    String rest = step.stopped() ? step.emit() : step.emit() + stops.flush();
                    return rest.isEmpty() ? null : rest;
                }
                tokens++;
                lastPieceEmpty = output.text.isEmpty();
                StopStrings.Step step = stops.push(output.text);
                if (step.stopped()) {
                    stopNative();
                    return step.emit().isEmpty() ? null : step.emit();
                }
                if (!step.emit().isEmpty()) {
                    return step.emit();
                }
            }
        }
    }

    @Override
    public synchronized boolean hitLimit() {
        // An end-of-generation token arrives as an empty chunk; a natural end after text means n_predict was reached.
        return endedNaturally && (tokens >= maxTokens || !lastPieceEmpty);
    }

    @Override
    public int promptTokens() {
        return promptTokens;
    }

    @Override
    public synchronized int generatedTokens() {
        return hitLimit() ? maxTokens : tokens;
    }

    @Override
    public synchronized void cancel() {
        if (finished) {
            return;
        }
        cancelRequested = true;
        if (!reading) {
            stopNative();
        }
    }

    @Override
    public void close() {
        cancel();
    }

    /** Cancels the native task (it frees the slot) unless it is already over. Caller holds this monitor. */
    private void stopNative() {
        if (finished) {
            return;
        }
        if (owner.enterForGeneration()) {
            try {
                iterator.cancel();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "cancelling a generation failed", e);
            } finally {
                owner.exit();
            }
        }
        finish();
    }

    private void finish() {
        finished = true;
        owner.finished(this);
    }
}
