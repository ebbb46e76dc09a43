package dev.gatehouse.inference.worker;

import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.natives.ChatEngine;
import dev.gatehouse.natives.ChatEngines;
import dev.gatehouse.natives.EngineEvent;
import dev.gatehouse.natives.EngineGeneration;
import dev.gatehouse.natives.EngineInfo;
import dev.gatehouse.natives.GenerationSettings;
import dev.gatehouse.natives.LlamaLoadOptions;
import dev.gatehouse.natives.NativeException;
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
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Entry point of a model worker process: one GGUF model, served to the pool over a Unix domain socket.
 *
 * <p>Models live in their own process so that a native crash takes down this process rather than the server, and
 * so that ending the process is an unload that surely returns every byte (java-llama.cpp, the fallback engine, leaks
 * on close). The worker exits when the pool says so or when the socket closes (the server died).
 */
public final class WorkerMain {
    private final DataInputStream in;
    private final DataOutputStream out;
    private final Map<Long, EngineGeneration> running = new ConcurrentHashMap<>();
    /** Cancels that arrived before their generation started. */
    private final Set<Long> cancelledEarly = ConcurrentHashMap.newKeySet();
    // Platform threads: with java-llama.cpp a generation blocks inside JNI for every token.
    private final ExecutorService generators = Executors.newCachedThreadPool(Thread.ofPlatform().name("generate-", 0).factory());
    private ChatEngine engine;
    private PromptRenderer prompts;

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
                    case WorkerFrame.Load load -> load(WorkerJson.read(load.json(), WorkerJson.LoadSpec.class));
                    case WorkerFrame.Generate generate -> generators.execute(() -> generate(generate));
                    case WorkerFrame.Count count -> count(count);
                    case WorkerFrame.Cancel cancel -> {
                        EngineGeneration generation = running.get(cancel.id());
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

    private void load(WorkerJson.LoadSpec spec) throws IOException {
        try {
            var options = new LlamaLoadOptions(Path.of(spec.file()), spec.context(), spec.slots(), spec.threads(),
                    spec.gpuLayers(), spec.chatTemplate(), spec.mainGpu(), spec.tensorSplit(), spec.kvCacheType(),
                    spec.flashAttention());
            var libraries = spec.libraryDir() == null ? null
                    : new ChatEngines.LlamaCppLibraries(Path.of(spec.libraryDir()), spec.libraryVersion(),
                            spec.libraryFiles().stream().map(Path::of).toList());
            Path jniTmp = Path.of(System.getProperty("de.kherud.llama.tmpdir",
                    System.getProperty("java.io.tmpdir") + "/gatehouse-jllama-" + ProcessHandle.current().pid()));
            engine = ChatEngines.open(spec.engine(), options, libraries, jniTmp);
            prompts = new PromptRenderer(engine);
            EngineInfo info = engine.info();
            send(new WorkerFrame.Loaded(WorkerJson.write(new WorkerJson.LoadedSpec(engine.contextLength(),
                    ProcessHandle.current().pid(), info.engine(), info.backend(), info.libraryVersion(),
                    info.gpuLayers(), prompts.toolCapable(), info.allocated()))));
        } catch (NativeException e) {
            send(new WorkerFrame.Failed(-1, e.kind().name(), e.getMessage()));
        } catch (RuntimeException e) {
            send(new WorkerFrame.Failed(-1, NativeException.Kind.INVALID_ARGUMENT.name(), e.toString()));
        }
    }

    private void generate(WorkerFrame.Generate frame) {
        long id = frame.id();
        String prompt = null;
        try {
            ChatRequest request = WorkerJson.request(frame.json());
            prompt = prompts.render(request);
            try (EngineGeneration generation = engine.start(prompt, settings(request.params(),
                    prompts.grammar(request)))) {
                running.put(id, generation);
                send(new WorkerFrame.Started(id, generation.promptTokens()));
                if (cancelledEarly.remove(id)) generation.cancel();
                ToolCallOutput output = prompts.toolCallOutput(request);
                while (true) {
                    EngineEvent event = generation.next();
                    if (event instanceof EngineEvent.Piece piece) {
                        for (EngineEvent.Piece ready : output.offer(piece)) {
                            send(new WorkerFrame.Piece(id, ready.text(), ready.logprobs()));
                        }
                    } else if (event instanceof EngineEvent.Finished end) {
                        ToolCallOutput.Result result = output.finish();
                        for (EngineEvent.Piece ready : result.pieces()) {
                            send(new WorkerFrame.Piece(id, ready.text(), ready.logprobs()));
                        }
                        send(new WorkerFrame.End(id, end.hitLimit(), end.promptTokens(), end.generatedTokens(),
                                result.toolCalls()));
                        return;
                    }
                }
            }
        } catch (NativeException e) {
            if (e.kind() == NativeException.Kind.CONTEXT_OVERFLOW && prompt != null) {
                sendQuietly(new WorkerFrame.Overflow(id, engine.countPromptTokens(prompt), engine.contextLength()));
            } else {
                sendQuietly(new WorkerFrame.Failed(id, e.kind().name(), e.getMessage()));
            }
        } catch (InterruptedException e) {
            sendQuietly(new WorkerFrame.Failed(id, NativeException.Kind.GENERATION_FAILED.name(), "worker interrupted"));
        } catch (RuntimeException | IOException e) {
            sendQuietly(new WorkerFrame.Failed(id, NativeException.Kind.GENERATION_FAILED.name(), e.toString()));
        } finally {
            running.remove(id);
            cancelledEarly.remove(id);
        }
    }

    /** OpenAI's defaults where the request is silent: temperature 1, top_p 1, no other shaping. */
    static GenerationSettings settings(GenerationParams p, String grammar) {
        Map<Integer, Float> bias = new HashMap<>();
        p.logitBias().forEach((token, value) -> bias.put(token, value.floatValue()));
        return new GenerationSettings(p.maxTokens(),
                p.temperature() != null ? p.temperature().floatValue() : 1.0f,
                p.topP() != null ? p.topP().floatValue() : 1.0f,
                p.topK() != null ? p.topK() : 0,
                p.minP() != null ? p.minP().floatValue() : 0f,
                p.seed() != null ? (int) (long) p.seed() : null,
                p.repeatPenalty() != null ? p.repeatPenalty().floatValue() : 1f,
                p.frequencyPenalty() != null ? p.frequencyPenalty().floatValue() : 0f,
                p.presencePenalty() != null ? p.presencePenalty().floatValue() : 0f,
                bias, p.stop(), p.logprobs(), p.topLogprobs() != null ? p.topLogprobs() : 0,
                grammar);
    }

    private void count(WorkerFrame.Count count) throws IOException {
        try {
            WorkerJson.CountSpec spec = WorkerJson.read(count.json(), WorkerJson.CountSpec.class);
            String prompt = prompts.render(new ChatRequest(spec.messages(), GenerationParams.defaults()));
            send(new WorkerFrame.Counted(count.id(), engine.countPromptTokens(prompt)));
        } catch (NativeException e) {
            send(new WorkerFrame.Failed(count.id(), e.kind().name(), e.getMessage()));
        }
    }

    private int shutdown() {
        running.values().forEach(EngineGeneration::cancel);
        generators.shutdownNow();
        if (engine != null) engine.close();
        return 0;
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
