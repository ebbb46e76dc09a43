package dev.gatehouse.natives.llamacpp;

import dev.gatehouse.natives.EngineEvent;
import dev.gatehouse.natives.EngineGeneration;
import dev.gatehouse.natives.GenerationSettings;
import dev.gatehouse.natives.NativeException;
import dev.gatehouse.natives.StopStrings;
import dev.gatehouse.natives.TokenProbability;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One generation inside a {@link DecodeLoop}: its prompt, its place in the KV cache (a sequence id of its own) and
 * its sampler. The loop's thread advances it; the reader's thread takes its events; any thread may cancel it.
 */
final class Sequence implements EngineGeneration {

    final int[] prompt;
    final int maxTokens;
    final GenerationSettings settings;
    final SamplerChain sampler;
    private final DecodeLoop loop;
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final Utf8Pieces utf8 = new Utf8Pieces();
    private final StopStrings stops;
    private final List<TokenProbability> heldLogprobs = new ArrayList<>();
    volatile boolean cancelRequested;

    // loop-thread state
    int seqId = -1;
    int prefilled;
    int position;
    int nextToken = -1;
    int outputIndex = -1;
    int generated;
    boolean done;
    private Object last;

    Sequence(DecodeLoop loop, int[] prompt, int maxTokens, GenerationSettings settings, SamplerChain sampler) {
        this.loop = loop;
        this.prompt = prompt;
        this.maxTokens = maxTokens;
        this.settings = settings;
        this.sampler = sampler;
        this.stops = new StopStrings(settings.stop());
    }

    @Override
    public int promptTokens() {
        return prompt.length;
    }

    @Override
    public EngineEvent next() throws InterruptedException {
        if (last != null) return deliver(last);
        Object event = events.take();
        if (!(event instanceof EngineEvent.Piece)) last = event;
        return deliver(event);
    }

    private static EngineEvent deliver(Object event) {
        if (event instanceof NativeException failure) {
            throw new NativeException(failure.kind(), failure.getMessage(), failure);
        }
        return (EngineEvent) event;
    }

    @Override
    public void cancel() {
        cancelRequested = true;
        loop.wake();
    }

    @Override
    public void close() {
        cancel();
    }

    boolean prefilling() {
        return prefilled < prompt.length;
    }

    // ---- called on the loop thread ----

    /**
     * Takes the sampled token: emits its text unless a stop string or the end of generation ends the sequence.
     *
     * @return true when the sequence is finished
     */
    boolean accept(int token, boolean endOfGeneration, byte[] bytes, TokenProbability logprob, int contextLimit) {
        if (endOfGeneration) {
            finish(false, false);
            return true;
        }
        generated++;
        if (logprob != null) heldLogprobs.add(logprob);
        StopStrings.Step step = stops.push(utf8.push(bytes));
        if (!step.emit().isEmpty()) emit(step.emit());
        if (step.stopped()) {
            heldLogprobs.clear(); // tokens inside the stop string are not part of the answer
            finish(false, true);
            return true;
        }
        nextToken = token;
        if (generated >= maxTokens || position >= contextLimit) {
            finish(true, false);
            return true;
        }
        return false;
    }

    /** Ends the sequence; the remaining held text is emitted unless a stop string cut it. */
    void finish(boolean hitLimit, boolean stoppedByString) {
        if (done) return;
        done = true;
        if (!stoppedByString) {
            String rest = stops.push(utf8.flush()).emit() + stops.flush();
            if (!rest.isEmpty() || !heldLogprobs.isEmpty()) emit(rest);
        }
        events.add(new EngineEvent.Finished(hitLimit, false, prompt.length, generated));
    }

    void cancelled() {
        if (done) return;
        done = true;
        events.add(new EngineEvent.Finished(false, true, prompt.length, generated));
    }

    void fail(NativeException failure) {
        if (done) return;
        done = true;
        events.add(failure);
    }

    private void emit(String text) {
        events.add(new EngineEvent.Piece(text, List.copyOf(heldLogprobs)));
        heldLogprobs.clear();
    }
}
