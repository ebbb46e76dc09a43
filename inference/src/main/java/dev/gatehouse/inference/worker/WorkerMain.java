package dev.gatehouse.inference.worker;

import dev.gatehouse.natives.ChatTurn;
import dev.gatehouse.natives.LlamaLoadOptions;
import dev.gatehouse.natives.LlamaModelHandle;
import dev.gatehouse.natives.NativeException;
import dev.gatehouse.natives.NativeGeneration;
import dev.gatehouse.natives.NativeLibraries;
import dev.gatehouse.natives.Sampling;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Entry point of a model worker process: one GGUF model, loaded by java-llama.cpp, served to the pool over a Unix
 * domain socket.
 *
 * <p>Models live in their own process because java-llama.cpp 4.2.0 does not return a model's memory on close: ending
 * the process is the only reliable unload, and a native crash takes down this process rather than the server. The
 * worker exits when the pool says so or when the socket closes (the server died).
 */
public final class WorkerMain {
    private final DataInputStream in;
    private final DataOutputStream out;
    private final Map<Long, NativeGeneration> running = new ConcurrentHashMap<>();
    /** Cancels that arrived before their generation started. */
    private final Set<Long> cancelledEarly = ConcurrentHashMap.newKeySet();
    // Platform threads: a generation blocks inside JNI for every token.
    private final ExecutorService generators = Executors.newCachedThreadPool(Thread.ofPlatform().name("generate-", 0).factory());
    private LlamaModelHandle model;
    /**
     * The last conversation counted and its formatted prompt: the pool counts a request's prompt tokens right
     * before generating it, and applying the chat template twice would add to the time to first token.
     */
    private volatile FormattedPrompt lastFormatted;

    private record FormattedPrompt(List<WorkerFrame.Turn> turns, String prompt) {}

    private WorkerMain(SocketChannel channel) {
        this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
        this.out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: WorkerMain <unix socket path>");
            System.exit(2);
        }
        // Whatever the native library prints must not be mistaken for protocol; the protocol has its own socket.
        System.setOut(System.err);
        int code;
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(Path.of(args[0])))) {
            code = new WorkerMain(channel).serve();
        }
        // java-llama.cpp leaves non-daemon native threads behind; only exit() ends the process.
        System.exit(code);
    }

    private int serve() throws IOException {
        try {
            while (true) {
                switch (WorkerFrame.read(in)) {
                    case WorkerFrame.Load load -> load(load);
                    case WorkerFrame.Generate generate -> generators.execute(() -> generate(generate));
                    case WorkerFrame.Count count -> count(count);
                    case WorkerFrame.Cancel cancel -> {
                        NativeGeneration generation = running.get(cancel.id());
                        if (generation != null) generation.cancel();
                        else cancelledEarly.add(cancel.id());
                    }
                    case WorkerFrame.Shutdown shutdown -> {
                        return shutdown();
                    }
                    default -> throw new IOException("unexpected frame from the pool");
                }
            }
        } catch (EOFException poolWentAway) {
            return shutdown();
        }
    }

    private void load(WorkerFrame.Load load) throws IOException {
        try {
            NativeLibraries.loadLlama(Path.of(System.getProperty("de.kherud.llama.tmpdir",
                    System.getProperty("java.io.tmpdir") + "/gatehouse-jllama-" + ProcessHandle.current().pid())));
            model = LlamaModelHandle.open(new LlamaLoadOptions(Path.of(load.file()), load.context(), load.slots(),
                    load.threads(), load.gpuLayers(), load.chatTemplate()));
            send(new WorkerFrame.Loaded(model.contextLength(), ProcessHandle.current().pid()));
        } catch (NativeException e) {
            send(new WorkerFrame.Failed(-1, e.kind().name(), e.getMessage()));
        } catch (RuntimeException e) {
            send(new WorkerFrame.Failed(-1, NativeException.Kind.INVALID_ARGUMENT.name(), e.toString()));
        }
    }

    private void generate(WorkerFrame.Generate request) {
        try (NativeGeneration generation = model.generate(format(request.turns()),
                new Sampling(request.maxTokens(), request.temperature(), request.topP(), request.seed(), request.stop()))) {
            running.put(request.id(), generation);
            if (cancelledEarly.remove(request.id())) generation.cancel();
            for (String piece = generation.nextPiece(); piece != null; piece = generation.nextPiece()) {
                send(new WorkerFrame.Piece(request.id(), piece));
            }
            send(new WorkerFrame.End(request.id(), generation.hitLimit(), generation.promptTokens(),
                    generation.generatedTokens()));
        } catch (NativeException e) {
            sendQuietly(new WorkerFrame.Failed(request.id(), e.kind().name(), e.getMessage()));
        } catch (RuntimeException | IOException e) {
            sendQuietly(new WorkerFrame.Failed(request.id(), NativeException.Kind.GENERATION_FAILED.name(), e.toString()));
        } finally {
            running.remove(request.id());
            cancelledEarly.remove(request.id());
        }
    }

    private void count(WorkerFrame.Count count) throws IOException {
        try {
            send(new WorkerFrame.Counted(count.id(), model.countPromptTokens(format(count.turns()))));
        } catch (NativeException e) {
            send(new WorkerFrame.Failed(count.id(), e.kind().name(), e.getMessage()));
        }
    }

    private String format(List<WorkerFrame.Turn> turns) {
        FormattedPrompt last = lastFormatted;
        if (last != null && last.turns().equals(turns)) return last.prompt();
        String prompt = model.formatChat(turns(turns));
        lastFormatted = new FormattedPrompt(turns, prompt);
        return prompt;
    }

    private int shutdown() {
        running.values().forEach(NativeGeneration::cancel);
        generators.shutdownNow();
        if (model != null) model.close();
        return 0;
    }

    private static List<ChatTurn> turns(List<WorkerFrame.Turn> turns) {
        return turns.stream().map(t -> new ChatTurn(t.role(), t.content())).toList();
    }

    private void send(WorkerFrame frame) throws IOException {
        synchronized (out) {
            WorkerFrame.write(out, frame);
            out.flush();
        }
    }

    private void sendQuietly(WorkerFrame frame) {
        try {
            send(frame);
        } catch (IOException poolGone) {
            // the pool closed the socket; the main loop sees EOF and shuts down
        }
    }
}
