package dev.gatehouse.inference;

import dev.gatehouse.inference.placement.Placement;
import dev.gatehouse.manifest.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link ModelLoader} for pool tests: loads scripted models, can be told to fail, counts what it did. */
final class ScriptedLoader implements ModelLoader {
    final AtomicInteger loads = new AtomicInteger();
    final List<ScriptedChatModel> loaded = new ArrayList<>();
    volatile String failWith;
    /** Loads still to fail as llama.cpp does when an allocation fails. */
    volatile int outOfMemoryFailures;
    final List<Placement> placements = new ArrayList<>();

    @Override
    public synchronized LoadedModel load(ModelSpec spec, Placement placement) {
        placements.add(placement);
        if (outOfMemoryFailures > 0) {
            outOfMemoryFailures--;
            loads.incrementAndGet();
            throw new InferenceException(InferenceException.Kind.MODEL_NOT_READY, "loading " + spec.id()
                    + " failed (OUT_OF_MEMORY): failed to allocate CUDA0 buffer of size 1073741824");
        }
        return load(spec, placement.slots(), placement.context());
    }

    @Override
    public synchronized LoadedModel load(ModelSpec spec, int slots, int context) {
        loads.incrementAndGet();
        if (failWith != null) throw new InferenceException(InferenceException.Kind.MODEL_NOT_READY, failWith);
        var model = new ScriptedChatModel(context, List.of("Once", " upon", " a", " time"));
        loaded.add(model);
        return model;
    }

    synchronized Placement lastPlacement() {
        return placements.getLast();
    }

    synchronized ScriptedChatModel last() {
        return loaded.getLast();
    }

    /** A chat model that emits fixed pieces; can be killed like a worker process. */
    static final class ScriptedChatModel implements ChatModel {
        final int context;
        final List<String> pieces;
        volatile boolean alive = true;
        volatile boolean closed;

        ScriptedChatModel(int context, List<String> pieces) {
            this.context = context;
            this.pieces = new ArrayList<>(pieces);
        }

        @Override
        public int countPromptTokens(List<ChatMessage> messages) {
            return messages.stream().mapToInt(m -> m.content().split(" ").length).sum();
        }

        @Override
        public LocalGeneration generate(ChatRequest request) {
            var it = pieces.iterator();
            return new LocalGeneration() {
                int produced;

                @Override
                public int promptTokens() {
                    return countPromptTokens(request.messages());
                }

                @Override
                public TokenEvent next() {
                    if (it.hasNext()) {
                        produced++;
                        return new TokenEvent.Text(it.next());
                    }
                    return new TokenEvent.End(FinishReason.STOP, new Usage(1, produced));
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public int contextLength() {
            return context;
        }

        @Override
        public ModelRuntime runtime() {
            return new ModelRuntime("scripted", "cpu", "test", 0, false);
        }

        @Override
        public long pid() {
            return 4242;
        }

        @Override
        public boolean alive() {
            return alive && !closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
