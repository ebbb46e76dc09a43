package dev.gatehouse.natives.llamacpp;

import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.gatehouse.natives.ChatEngine;
import dev.gatehouse.natives.ChatTurn;
import dev.gatehouse.natives.EngineGeneration;
import dev.gatehouse.natives.EngineInfo;
import dev.gatehouse.natives.GenerationSettings;
import dev.gatehouse.natives.LlamaLoadOptions;
import dev.gatehouse.natives.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A GGUF model served by current llama.cpp through the FFM binding: one context whose KV cache holds a region per
 * slot, and one {@link DecodeLoop} thread batching every slot's work. {@link #close()} cancels running generations,
 * stops the loop and frees the context and the model (their memory really returns, unlike java-llama.cpp's).
 */
public final class LlamaCppEngine implements ChatEngine {

    private static final Logger LOG = Logger.getLogger(LlamaCppEngine.class.getName());
    /** Tokens per llama_decode call: llama-server's default logical batch. */
    static final int BATCH_TOKENS = 512;
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final LlamaCppLibrary lib;
    private final LlamaCppModel model;
    private final MemorySegment context;
    private final DecodeLoop loop;
    private final Thread loopThread;
    private final LlamaLoadOptions options;
    private final EngineInfo info;
    private final String chatTemplate;
    private boolean closed;

    private LlamaCppEngine(LlamaCppLibrary lib, LlamaCppModel model, MemorySegment context, LlamaLoadOptions options,
                           int contextPerSequence, EngineInfo info) {
        this.lib = lib;
        this.model = model;
        this.context = context;
        this.options = options;
        this.info = info;
        String override = options.chatTemplateOverride();
        this.chatTemplate = override != null ? override : model.chatTemplate();
        this.loop = new DecodeLoop(lib, model, context, options.slots(), contextPerSequence, BATCH_TOKENS);
        this.loopThread = Thread.ofPlatform().daemon().name("decode-" + options.file().getFileName()).start(loop);
    }

    /** Loads the model and creates its context; every failure is a {@link NativeException} with a precise kind. */
    public static LlamaCppEngine open(LlamaCppLibrary lib, LlamaLoadOptions options) {
        Path file = options.file().toAbsolutePath();
        long logMark = lib.bufferMark();
        LlamaCppModel model = LlamaCppModel.open(lib, file, options.gpuLayers(), options.mainGpu(),
                options.tensorSplit());
        MemorySegment context;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = (MemorySegment) lib.contextDefaultParams.invokeExact((SegmentAllocator) arena);
            params.set(JAVA_INT, LlamaStructs.CP_N_CTX, options.contextLength() * options.slots());
            params.set(JAVA_INT, LlamaStructs.CP_N_BATCH, BATCH_TOKENS);
            params.set(JAVA_INT, LlamaStructs.CP_N_UBATCH, BATCH_TOKENS);
            params.set(JAVA_INT, LlamaStructs.CP_N_SEQ_MAX, options.slots());
            params.set(JAVA_INT, LlamaStructs.CP_N_THREADS, options.threads());
            params.set(JAVA_INT, LlamaStructs.CP_N_THREADS_BATCH, options.threads());
            params.set(JAVA_INT, LlamaStructs.CP_FLASH_ATTN_TYPE, flashAttention(options));
            params.set(JAVA_INT, LlamaStructs.CP_TYPE_K, cacheType(options.kvCacheType()));
            params.set(JAVA_INT, LlamaStructs.CP_TYPE_V, cacheType(options.kvCacheType()));
            params.set(JAVA_BOOLEAN, LlamaStructs.CP_NO_PERF, true);
            params.set(JAVA_BOOLEAN, LlamaStructs.CP_KV_UNIFIED, false); // a KV region per slot
            context = (MemorySegment) lib.initFromModel.invokeExact(model.model, params);
        } catch (Throwable t) {
            model.close();
            throw LlamaCppLibrary.rethrow(t);
        }
        if (context.equals(MemorySegment.NULL)) {
            String log = lib.recentLog();
            model.close();
            throw dev.gatehouse.natives.NativeFailures.classify(new IllegalStateException(
                    "llama.cpp could not create a context"), "cannot create a context for " + file, log);
        }
        int perSequence;
        try {
            perSequence = Math.min(options.contextLength(), (int) lib.nCtxSeq.invokeExact(context));
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
        int offloaded = Math.min(options.gpuLayers(), model.layers() + 1);
        EngineInfo info = new EngineInfo(EngineInfo.LLAMA_CPP, offloaded > 0 ? lib.gpuBackend() : "cpu",
                lib.version(), offloaded, BufferReport.parse(lib.bufferLinesSince(logMark)));
        LOG.fine(() -> "loaded " + file + " with llama.cpp " + lib.version() + " on " + info.backend());
        return new LlamaCppEngine(lib, model, context, options, perSequence, info);
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    @Override
    public int contextLength() {
        return loop.contextPerSequence();
    }

    @Override
    public int slots() {
        return options.slots();
    }

    @Override
    public String chatTemplate() {
        return chatTemplate;
    }

    @Override
    public String bosToken() {
        return model.bosText();
    }

    @Override
    public String eosToken() {
        return model.eosText();
    }

    @Override
    public String formatChat(List<ChatTurn> turns) {
        return model.applyBuiltinTemplate(chatTemplate, turns);
    }

    @Override
    public int countPromptTokens(String prompt) {
        return model.tokenizePrompt(prompt).length;
    }

    @Override
    public EngineGeneration start(String prompt, GenerationSettings settings) {
        int[] tokens = model.tokenizePrompt(prompt);
        int limit = contextLength();
        if (tokens.length == 0) {
            throw new NativeException(NativeException.Kind.INVALID_ARGUMENT, "the prompt has no tokens");
        }
        if (tokens.length >= limit) {
            throw new NativeException(NativeException.Kind.CONTEXT_OVERFLOW, "the prompt has " + tokens.length
                    + " tokens; a slot's context holds " + limit);
        }
        int room = limit - tokens.length;
        Integer asked = settings.maxTokens();
        if (asked != null && asked > room) {
            throw new NativeException(NativeException.Kind.CONTEXT_OVERFLOW, "the prompt has " + tokens.length
                    + " tokens and max_tokens asks for " + asked + "; a slot's context holds " + limit
                    + " (at most " + room + " new tokens)");
        }
        SamplerChain sampler = SamplerChain.create(lib, model.vocab, model.vocabSize, settings);
        Sequence sequence = new Sequence(loop, tokens, asked != null ? asked : room, settings, sampler);
        loop.submit(sequence);
        return sequence;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        boolean stopped;
        try {
            stopped = loop.stop(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = false;
        }
        if (!stopped) {
            // freeing under a running llama_decode would crash the process; leaving it is the lesser harm
            LOG.warning("decode loop of " + options.file() + " still running after " + CLOSE_WAIT_SECONDS
                    + " s; not freeing it");
            return;
        }
        try {
            lib.free.invokeExact(context);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
        model.close();
    }

    /**
     * llama.cpp's flash-attention switch. "auto" is resolved here rather than by llama.cpp (which enables it on
     * every backend that has it, the CPU included): on when layers run on a GPU or the cache is quantized (which
     * needs it), off on the CPU, where it made decoding slower — stories260K at a 2048 context, 1500 greedy tokens
     * on one thread: 711 tokens/s with it, 1627 without (docs/BENCHMARKS.md, engine section).
     */
    static int flashAttention(LlamaLoadOptions options) {
        return switch (options.flashAttention()) {
            case "on" -> 1;
            case "off" -> 0;
            default -> options.gpuLayers() > 0 || options.kvCacheType().startsWith("q") ? 1 : 0;
        };
    }

    /** ggml_type codes of the KV cache types the manifest offers. */
    static int cacheType(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "f32" -> 0;
            case "f16" -> 1;
            case "q4_0" -> 2;
            case "q8_0" -> 8;
            default -> throw new NativeException(NativeException.Kind.INVALID_ARGUMENT,
                    "kvCacheType must be one of f32, f16, q8_0, q4_0, was " + type);
        };
    }
}
