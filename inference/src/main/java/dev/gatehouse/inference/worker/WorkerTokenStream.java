package dev.gatehouse.inference.worker;

import dev.gatehouse.inference.FinishReason;
import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.InferenceException.Kind;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.LocalGeneration;
import dev.gatehouse.inference.Usage;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The tokens of one generation in a worker. Closing it early tells the worker to cancel and waits until the worker
 * confirms, so the native slot is free again when {@link #close()} returns. {@code close()} may come from another
 * thread while {@link #next()} is blocked (a deadline): the reader is woken at once with {@code CANCELLED}, even
 * when the worker is stuck, and the closing thread takes the worker's confirmation.
 */
final class WorkerTokenStream implements LocalGeneration {
    private static final long CANCEL_CONFIRM_SECONDS = 10;

    private final WorkerChatModel model;
    private final long id;
    private final BlockingQueue<WorkerFrame> inbox;
    private final ReentrantLock reading = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int generatedTokens = -1;
    private final int promptTokens;

    WorkerTokenStream(WorkerChatModel model, long id, BlockingQueue<WorkerFrame> inbox, int promptTokens) {
        this.promptTokens = promptTokens;
        this.model = model;
        this.id = id;
        this.inbox = inbox;
    }

    @Override
    public int promptTokens() {
        return promptTokens;
    }

    @Override
    public TokenEvent next() {
        if (closed.get()) throw new InferenceException(Kind.CANCELLED, "the token stream is closed");
        if (isFinished()) throw new IllegalStateException("the token stream has ended");
        reading.lock();
        try {
            WorkerFrame frame = inbox.take();
            return switch (frame) {
                case WorkerFrame.Piece piece -> new TokenEvent.Text(piece.text(), Logprobs.of(piece.logprobs()));
                case WorkerFrame.End end -> {
                    finish(end.generatedTokens());
                    FinishReason reason = !end.toolCalls().isEmpty() ? FinishReason.TOOL_CALLS
                            : end.hitLimit() ? FinishReason.LENGTH : FinishReason.STOP;
                    yield new TokenEvent.End(reason, new Usage(end.promptTokens(), end.generatedTokens()),
                            end.toolCalls());
                }
                case WorkerFrame.Failed failed -> {
                    finish(-1);
                    throw model.failure(failed);
                }
                case WorkerFrame.Cancel closedMeanwhile ->
                        throw new InferenceException(Kind.CANCELLED, "the token stream was closed");
                default -> throw new IllegalStateException("unexpected frame " + frame);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException(Kind.CANCELLED, "interrupted while waiting for a token");
        } finally {
            reading.unlock();
        }
    }

    @Override
    public boolean ready() {
        return !inbox.isEmpty();
    }

    /** Cancels a running generation and waits for the worker to confirm; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || isFinished()) return;
        try {
            model.cancel(id);
            if (!reading.tryLock()) {
                // Another thread waits in next(): wake it now, since a worker that is alive but stuck would never
                // send the frame it waits for; then take the worker's confirmation once the reader has let go.
                inbox.add(new WorkerFrame.Cancel(id));
                if (!reading.tryLock(CANCEL_CONFIRM_SECONDS, TimeUnit.SECONDS)) return;
            }
            try {
                drainUntilFinished();
            } finally {
                reading.unlock();
            }
        } catch (InferenceException workerGone) {
            // a dead worker has nothing left to cancel
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            model.forget(id);
        }
    }

    /** Tokens the worker generated for this request, known once it ended or confirmed a cancel; else -1. */
    int generatedTokens() {
        return generatedTokens;
    }

    private void drainUntilFinished() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CANCEL_CONFIRM_SECONDS);
        while (!isFinished()) {
            WorkerFrame frame = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            switch (frame) {
                case null -> { return; }
                case WorkerFrame.End end -> finish(end.generatedTokens());
                case WorkerFrame.Failed failed -> finish(-1);
                default -> { } // pieces produced before the worker saw the cancel
            }
        }
    }

    private boolean isFinished() {
        return finished.getCount() == 0;
    }

    private void finish(int tokens) {
        generatedTokens = tokens;
        finished.countDown();
        model.forget(id);
    }
}
