package dev.gatehouse.router.http;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatModel;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.FinishReason;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.LocalGeneration;
import dev.gatehouse.inference.ModelRuntime;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenLogprob;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.inference.ToolCall;
import dev.gatehouse.inference.Usage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A chat model that plays a script: it emits given pieces (or endless numbered ones), can fail after N pieces, and
 * can hold before a given piece until the test releases it. It counts what it produced and whether streams were
 * closed, so tests prove cancellation by counting. Prompt tokens are whitespace-separated words. It honours
 * {@code logprobs} (see {@link #logprob}) and can end by calling tools.
 */
final class ScriptedChatModel implements ChatModel {

    private final IntFunction<String> pieces;
    private final int pieceCount;
    private final int contextLength;
    private volatile int failAfter = -1;
    private volatile int holdBefore = -1;
    private volatile List<ToolCall> toolCalls = List.of();
    private final CountDownLatch release = new CountDownLatch(1);

    final AtomicInteger produced = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger closedEarly = new AtomicInteger();
    final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ScriptedChatModel(IntFunction<String> pieces, int pieceCount, int contextLength) {
        this.pieces = pieces;
        this.pieceCount = pieceCount;
        this.contextLength = contextLength;
    }

    static ScriptedChatModel saying(int contextLength, String... pieces) {
        return new ScriptedChatModel(i -> pieces[i], pieces.length, contextLength);
    }

    /** Emits "t0 ", "t1 ", ... until the token budget ends it. */
    static ScriptedChatModel endless(int contextLength) {
        return new ScriptedChatModel(i -> "t" + i + " ", Integer.MAX_VALUE, contextLength);
    }

    /** The stream throws WORKER_FAILED instead of the piece with this index. */
    ScriptedChatModel failingAfter(int pieces) {
        this.failAfter = pieces;
        return this;
    }

    /** The stream waits for {@link #release()} before producing the piece with this index. */
    ScriptedChatModel holdingBefore(int piece) {
        this.holdBefore = piece;
        return this;
    }

    /** After its pieces, the script calls these tools (finish reason tool_calls). */
    ScriptedChatModel callingTools(ToolCall... calls) {
        this.toolCalls = List.of(calls);
        return this;
    }

    /**
     * The logprob the script reports for its piece at this index: -(index+1)/4, with alternatives "alt0", "alt1", …
     * each a quarter lower than the one before.
     */
    static TokenLogprob logprob(String piece, int index, int alternatives) {
        double logprob = -(index + 1) / 4.0;
        List<TokenLogprob.Alternative> top = new ArrayList<>();
        for (int a = 0; a < alternatives; a++) {
            String alt = "alt" + a;
            top.add(new TokenLogprob.Alternative(alt, alt.getBytes(StandardCharsets.UTF_8), logprob - (a + 1) / 4.0));
        }
        return new TokenLogprob(piece, piece.getBytes(StandardCharsets.UTF_8), logprob, top);
    }

    void release() {
        release.countDown();
    }

    @Override
    public int countPromptTokens(List<ChatMessage> messages) {
        int words = 0;
        for (ChatMessage m : messages) {
            words += m.content().isBlank() ? 0 : m.content().strip().split("\\s+").length;
        }
        return words;
    }

    @Override
    public LocalGeneration generate(ChatRequest request) {
        int prompt = countPromptTokens(request.messages());
        Integer max = request.params().maxTokens();
        // like a worker: the prompt, with max_tokens, must fit the context before anything starts
        if (prompt >= contextLength || (max != null && prompt + max > contextLength)) {
            throw InferenceException.contextOverflow("scripted", prompt, contextLength);
        }
        requests.add(request);
        started.incrementAndGet();
        return new LocalGeneration() {
            private int index;

            @Override
            public int promptTokens() {
                return prompt;
            }
            private boolean ended;
            private final AtomicBoolean streamClosed = new AtomicBoolean();

            @Override
            public TokenEvent next() {
                if (streamClosed.get()) {
                    throw new InferenceException(InferenceException.Kind.CANCELLED, "stream closed");
                }
                if (index == holdBefore) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (streamClosed.get()) {
                        throw new InferenceException(InferenceException.Kind.CANCELLED, "stream closed");
                    }
                }
                if (index == failAfter) {
                    throw new InferenceException(InferenceException.Kind.WORKER_FAILED, "scripted worker crash");
                }
                boolean budgetSpent = max != null && index >= max;
                if (budgetSpent || index >= pieceCount) {
                    ended = true;
                    if (!budgetSpent && !toolCalls.isEmpty()) {
                        return new TokenEvent.End(FinishReason.TOOL_CALLS, new Usage(prompt, index), toolCalls);
                    }
                    return new TokenEvent.End(budgetSpent && index < pieceCount ? FinishReason.LENGTH
                            : FinishReason.STOP, new Usage(prompt, index));
                }
                produced.incrementAndGet();
                String piece = pieces.apply(index);
                GenerationParams p = request.params();
                List<TokenLogprob> logprobs = p.logprobs() ? List.of(logprob(piece, index,
                        p.topLogprobs() == null ? 0 : p.topLogprobs())) : List.of();
                index++;
                return new TokenEvent.Text(piece, logprobs);
            }

            @Override
            public void close() {
                if (streamClosed.compareAndSet(false, true) && !ended) {
                    closedEarly.incrementAndGet();
                }
                release.countDown(); // like a real stream, closing unblocks a waiting next()
            }
        };
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public ModelRuntime runtime() {
        return new ModelRuntime("scripted", "cpu", "test", 0, false);
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public boolean alive() {
        return !closed.get();
    }

    @Override
    public void close() {
        closed.set(true);
        release.countDown();
    }

    /** The texts the script would emit first, for expectations. */
    List<String> firstPieces(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(pieces.apply(i));
        }
        return out;
    }
}
