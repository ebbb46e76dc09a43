package dev.gatehouse.router.capacity;

import dev.gatehouse.hardware.ProcessMemory;
import dev.gatehouse.inference.ChatLease;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.NativeModelLoader;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.inference.worker.WorkerOptions;
import dev.gatehouse.manifest.KvCacheType;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ModelFormat;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.ServingHints;
import dev.gatehouse.manifest.TaskKind;
import dev.gatehouse.manifest.Tier;
import dev.gatehouse.manifest.gguf.GgufFormatException;
import dev.gatehouse.manifest.gguf.GgufReader;
import dev.gatehouse.manifest.memory.EstimateRequest;
import dev.gatehouse.manifest.memory.MemoryEstimate;
import dev.gatehouse.manifest.memory.MemoryEstimator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Loads a model in a worker process exactly as the server does, drives it to its worst case, and reads the worker's
 * resident memory. The worst case is what the estimate predicts: every slot holding a prompt that fills its context,
 * so the whole KV cache is in use, every weight page has been read and the compute graph has run a full micro-batch
 * attending over the full cache.
 */
final class AccuracyMeasurement {
    private static final String MODEL_ID = "accuracy";
    /** Room left in each slot for the generated tokens and the chat template's closing tokens. */
    private static final int HEADROOM_TOKENS = 8;
    private static final String WORDS = "Once upon a time there was a little girl and she was happy to play with "
            + "her friend in the big park on a sunny day ";

    private final Path work;
    private final int threads;
    private final PrintWriter log;

    AccuracyMeasurement(Path work, int threads, PrintWriter log) {
        this.work = work;
        this.threads = threads;
        this.log = log;
    }

    AccuracyCase.Result measure(AccuracyCase c) throws IOException, GgufFormatException {
        MemoryEstimate predicted = MemoryEstimator.estimate(GgufReader.read(c.file()),
                new EstimateRequest(c.context(), c.slots(), KvCacheType.F16, 0));
        ModelSpec spec = new ModelSpec(MODEL_ID, List.of(), ModelFormat.GGUF, c.file().toAbsolutePath().toString(),
                null, null, null, Set.of(TaskKind.CHAT), Tier.SMALL, true, c.slots(), c.context(), null, ServingHints.NONE);
        var settings = new PoolSettings(c.slots(), c.slots(), Duration.ofMinutes(10), c.context());
        var loader = new NativeModelLoader(c.file().toAbsolutePath().getParent(),
                WorkerOptions.sameJvm(work.resolve("workers")), threads,
                dev.gatehouse.natives.ChatEngines.LlamaCppLibraries.installed());
        try (ModelPool pool = new ModelPool(new Manifest(List.of(spec)), settings, loader)) {
            pool.load(MODEL_ID);
            long pid = pool.status().getFirst().workerPid();
            long loaded = ProcessMemory.residentBytes(pid).orElse(-1);
            int prompt = fillEverySlot(pool, spec, c);
            long measured = ProcessMemory.residentBytes(pid).orElse(-1);
            var result = new AccuracyCase.Result(c, predicted, loaded, measured, prompt);
            log.printf("%s ctx %d x %d: predicted %d MiB, measured %d MiB (%+.1f%%)%n", c.label(), c.context(),
                    c.slots(), predicted.hostBytes() >> 20, measured >> 20, result.errorPercent());
            log.flush();
            return result;
        }
    }

    /** Starts one generation per slot, all at once so llama.cpp batches them, and waits for all to end. */
    private static int fillEverySlot(ModelPool pool, ModelSpec spec, AccuracyCase c) {
        List<ChatLease> leases = new ArrayList<>();
        List<TokenStream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < c.slots(); i++) {
                leases.add(pool.leaseChat(spec));
            }
            List<ChatMessage> prompt = promptOf(leases.getFirst(), c.context() - HEADROOM_TOKENS);
            var params = new GenerationParams(2, 0.0, 1.0, 1L, List.of());
            for (ChatLease lease : leases) {
                streams.add(lease.generate(new ChatRequest(prompt, params)));
            }
            for (TokenStream stream : streams) {
                while (stream.next() instanceof TokenEvent.Text) {
                    // only the memory the generation leaves behind matters
                }
            }
            return leases.getFirst().countPromptTokens(prompt);
        } finally {
            streams.forEach(TokenStream::close);
            leases.forEach(ChatLease::close);
        }
    }

    /** The longest repetition of plain words whose templated prompt has at most {@code tokens} tokens. */
    private static List<ChatMessage> promptOf(ChatLease lease, int tokens) {
        int chars = tokens * 3;
        for (int attempt = 0; attempt < 6; attempt++) {
            int count = lease.countPromptTokens(message(chars));
            if (count <= tokens && count > tokens - 16) {
                break;
            }
            chars = Math.max(1, (int) ((long) chars * (tokens - 4) / Math.max(1, count)));
        }
        while (lease.countPromptTokens(message(chars)) > tokens) {
            chars -= 8;
        }
        return message(chars);
    }

    private static List<ChatMessage> message(int chars) {
        String text = WORDS.repeat(chars / WORDS.length() + 1).substring(0, chars);
        return List.of(new ChatMessage(ChatMessage.Role.USER, text));
    }
}
