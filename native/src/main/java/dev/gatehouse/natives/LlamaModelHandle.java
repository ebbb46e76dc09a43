package dev.gatehouse.natives;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import dev.gatehouse.manifest.gguf.GgufFormatException;
import dev.gatehouse.manifest.gguf.GgufInfo;
import dev.gatehouse.manifest.gguf.GgufReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * A loaded GGUF model (java-llama.cpp) with {@code slots} parallel sequences. It exists to give the rest of
 * Gatehouse a small, typed surface over the binding: checked inputs, classified failures, real token counts and
 * cancellation that really stops native work. Thread-safe; {@link #close()} cancels running generations and waits
 * for their readers to leave native code before freeing the model.
 */
public final class LlamaModelHandle implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LlamaModelHandle.class.getName());
    private static final AtomicInteger LOADS = new AtomicInteger();
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final LlamaModel model;
    private final LlamaLoadOptions options;
    /** Whether llama.cpp prepends BOS to prompts; only the metadata says, and a true prompt count needs it. */
    private final boolean prependsBos;
    private final Set<LlamaGeneration> running = ConcurrentHashMap.newKeySet();
    private int inNative;
    private boolean closing;
    private boolean closed;

    private LlamaModelHandle(LlamaModel model, LlamaLoadOptions options, boolean prependsBos) {
        this.model = model;
        this.options = options;
        this.prependsBos = prependsBos;
    }

    /** Checks the file, then loads it; every failure is a {@link NativeException} with a precise kind. */
    public static LlamaModelHandle open(LlamaLoadOptions options) {
        Path dir = NativeLibraries.requireLlama();
        Path file = options.file().toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new NativeException(NativeException.Kind.MODEL_FILE_MISSING, "model file not found: " + file);
        }
        // Checked in Java first: ggml reports a bad file only on stderr and the binding then says just "could not
        // load model", so a file that is not GGUF is recognised here.
        boolean prependsBos = prependsBos(file);
        // llama.cpp's log (load errors included) goes to this file; java-llama.cpp's own setLogger is overridden by
        // llama.cpp's common_init() on every load, so it cannot capture load errors.
        Path log = dir.resolve("native-load-" + ProcessHandle.current().pid() + "-" + LOADS.incrementAndGet() + ".log");
        ModelParameters parameters = new ModelParameters()
                .setModel(file.toString())
                .setCtxSize(options.contextLength() * options.slots()) // llama.cpp splits n_ctx across slots
                .setParallel(options.slots())
                .setThreads(options.threads())
                .setGpuLayers(options.gpuLayers())
                .setLogFile(log.toString())
                // Without Jinja, llama.cpp b4916 aborts the whole process (uncaught std::runtime_error) on any
                // template it does not recognise by pattern, custom overrides and GGUF templates alike.
                .enableJinja();
        if (options.chatTemplateOverride() != null) {
            parameters.setChatTemplate(options.chatTemplateOverride());
        }
        long started = System.nanoTime();
        try {
            LlamaModel model = new LlamaModel(parameters);
            LOG.fine(() -> "loaded " + file + " in " + (System.nanoTime() - started) / 1_000_000 + " ms; log " + log);
            return new LlamaModelHandle(model, options, prependsBos);
        } catch (RuntimeException | Error e) {
            String nativeLog = readLoadLog(log);
            deleteQuietly(log);
            throw NativeFailures.classify(e, "cannot load model " + file, nativeLog);
        }
    }

    /** Tokens of context each slot has (prompt plus output). */
    public int contextLength() {
        return options.contextLength();
    }

    /** How many generations can run at once. */
    public int slots() {
        return options.slots();
    }

    /**
     * The prompt for a conversation, rendered by the model's chat template (the override, else the GGUF metadata,
     * else ChatML) with the assistant's generation prompt appended. System turns are merged into one system message
     * because the binding accepts only one.
     */
    public String formatChat(List<ChatTurn> turns) {
        String system = turns.stream().filter(t -> t.role().equals("system")).map(ChatTurn::content)
                .collect(Collectors.joining("\n\n"));
        List<Pair<String, String>> messages = new ArrayList<>();
        for (ChatTurn turn : turns) {
            if (!turn.role().equals("system")) {
                messages.add(new Pair<>(turn.role(), turn.content()));
            }
        }
        InferenceParameters parameters = new InferenceParameters("")
                .setMessages(system.isEmpty() ? null : system, messages);
        enter();
        try {
            return model.applyTemplate(parameters);
        } catch (RuntimeException e) {
            throw NativeFailures.classify(e, "chat template failed", "");
        } finally {
            exit();
        }
    }

    /** The model's tokens for {@code text}, without special tokens such as BOS. */
    public int[] tokenize(String text) {
        enter();
        try {
            return model.encode(text);
        } catch (RuntimeException e) {
            throw NativeFailures.classify(e, "tokenization failed", "");
        } finally {
            exit();
        }
    }

    /** What llama.cpp b4916 does when the metadata is silent: SentencePiece ("llama") vocabularies add BOS. */
    private static boolean prependsBos(Path file) {
        try {
            GgufInfo info = GgufReader.read(file);
            Object addBos = info.metadata().get("tokenizer.ggml.add_bos_token");
            return addBos instanceof Boolean b ? b : "llama".equals(info.metadata().get("tokenizer.ggml.model"));
        } catch (GgufFormatException e) {
            // the message starts with the path and says what is wrong with the file
            throw new NativeException(NativeException.Kind.MODEL_FILE_CORRUPT, "invalid model file " + e.getMessage(), e);
        }
    }

    /** Tokens the model will read for {@code prompt}: its tokens plus the BOS llama.cpp prepends, if it does. */
    public int countPromptTokens(String prompt) {
        return tokenize(prompt).length + (prependsBos ? 1 : 0);
    }

    /** Starts generating; read the result on a platform thread, it blocks inside native code. */
    public NativeGeneration generate(String prompt, Sampling sampling) {
        int promptTokens = countPromptTokens(prompt);
        if (promptTokens >= options.contextLength()) {
            throw new NativeException(NativeException.Kind.INVALID_ARGUMENT, "prompt has " + promptTokens
                    + " tokens, the context of a slot holds " + options.contextLength());
        }
        InferenceParameters parameters = new InferenceParameters(prompt)
                .setNPredict(sampling.maxTokens())
                .setTemperature(sampling.temperature())
                .setTopP(sampling.topP());
        if (sampling.seed() != null) {
            parameters.setSeed(sampling.seed());
        }
        enter();
        try {
            LlamaGeneration generation = new LlamaGeneration(this, model.generate(parameters).iterator(),
                    promptTokens, sampling);
            running.add(generation);
            return generation;
        } catch (RuntimeException e) {
            throw NativeFailures.classify(e, "cannot start generation", "");
        } finally {
            exit();
        }
    }

    /** Cancels running generations, waits for their readers, frees the model. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        running.forEach(LlamaGeneration::cancel);
        synchronized (this) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
            while (inNative > 0 && System.nanoTime() < deadline) {
                try {
                    wait(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (inNative > 0) {
                LOG.warning(() -> inNative + " native calls still running after " + CLOSE_WAIT_SECONDS
                        + " s; not freeing model " + options.file() + " to avoid a crash");
                closed = true;
                return;
            }
            closed = true;
        }
        model.close();
    }

    /** Marks the start of a native call; IllegalStateException once closing has begun. */
    synchronized void enter() {
        if (closing) {
            throw new IllegalStateException("model " + options.file() + " is closed");
        }
        inNative++;
    }

    /** Like {@link #enter()} for a generation's own calls, which may still finish while the model is closing. */
    synchronized boolean enterForGeneration() {
        if (closed) {
            return false;
        }
        inNative++;
        return true;
    }

    synchronized void exit() {
        inNative--;
        notifyAll();
    }

    void finished(LlamaGeneration generation) {
        running.remove(generation);
    }

    private static String readLoadLog(Path log) {
        // llama.cpp writes its log on a background thread; give it a moment to reach the final failure line.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        String text = "";
        while (System.nanoTime() < deadline) {
            try {
                text = Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                return "";
            }
            if (text.contains("srv    load_model: failed")) {
                break;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return text;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover log in our private directory is harmless
        }
    }
}
