package dev.gatehouse.inference.worker;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatModel;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.LocalGeneration;
import dev.gatehouse.inference.ModelRuntime;
import dev.gatehouse.natives.AllocatedBuffers;
import dev.gatehouse.inference.UnsupportedOptionException;
import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.InferenceException.Kind;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A GGUF chat model running in a worker process, seen from the pool.
 *
 * <p>One reader thread takes frames off the socket and drops each into the inbox of the request it belongs to; the
 * request's thread blocks on its own inbox. When the worker dies every inbox gets a failure, so no request hangs.
 */
public final class WorkerChatModel implements ChatModel {
    private static final Logger LOG = Logger.getLogger(WorkerChatModel.class.getName());
    static final String WORKER_DIED = "WORKER_DIED";
    private static final long COUNT_TIMEOUT_SECONDS = 60;
    /** Rendering the template and tokenising the prompt; generous for a megabyte of prompt on a busy CPU. */
    private static final long START_TIMEOUT_SECONDS = 60;

    private final String modelId;
    private final WorkerProcess worker;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final int contextLength;
    private final ModelRuntime runtime;
    private final Map<Long, BlockingQueue<WorkerFrame>> inboxes = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile String deathReason;

    private WorkerChatModel(String modelId, WorkerProcess worker, DataInputStream in, DataOutputStream out,
                            int contextLength, ModelRuntime runtime) {
        this.runtime = runtime;
        this.modelId = modelId;
        this.worker = worker;
        this.in = in;
        this.out = out;
        this.contextLength = contextLength;
    }

    /**
     * Starts a worker process, loads the GGUF model in it and waits until it is ready.
     *
     * @throws InferenceException MODEL_NOT_READY with the native failure's kind and message, or the worker's exit
     */
    public static WorkerChatModel launch(String modelId, WorkerOptions options, WorkerLoad load) {
        WorkerProcess worker = WorkerProcess.launch(modelId, options);
        return start(modelId, worker, new WorkerFrame.Load(WorkerJson.write(load.spec())));
    }

    private static WorkerChatModel start(String modelId, WorkerProcess worker, WorkerFrame.Load load) {
        SocketChannel channel = worker.channel();
        var in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
        var out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
        WorkerFrame reply;
        try {
            WorkerFrame.write(out, load);
            out.flush();
            reply = WorkerFrame.read(in);
        } catch (IOException e) {
            String why = worker.describeExit();
            worker.destroy();
            throw new InferenceException(Kind.MODEL_NOT_READY, "worker for " + modelId + " died while loading: " + why, null, e);
        }
        if (reply instanceof WorkerFrame.Failed failed) {
            worker.destroy();
            throw new InferenceException(Kind.MODEL_NOT_READY,
                    "loading " + modelId + " failed (" + failed.kind() + "): " + failed.message());
        }
        var loaded = WorkerJson.read(((WorkerFrame.Loaded) reply).json(), WorkerJson.LoadedSpec.class);
        var model = new WorkerChatModel(modelId, worker, in, out, loaded.contextLength(),
                new ModelRuntime(loaded.engine(), loaded.backend(), loaded.libraryVersion(), loaded.gpuLayers(),
                        loaded.toolCapable(), allocated(loaded.allocated())));
        Thread.ofPlatform().daemon().name("worker-" + modelId + "-reader").start(model::readFrames);
        return model;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    private static ModelRuntime.Allocated allocated(AllocatedBuffers b) {
        return b == null ? ModelRuntime.Allocated.UNKNOWN
                : new ModelRuntime.Allocated(b.weightsBytes(), b.kvCacheBytes(), b.computeBytes(), b.gpuBytes());
    }

    @Override
    public ModelRuntime runtime() {
        return runtime;
    }

    @Override
    public long pid() {
        return worker.pid();
    }

    @Override
    public boolean alive() {
        return deathReason == null;
    }

    @Override
    public int countPromptTokens(List<ChatMessage> messages) {
        long id = ids.incrementAndGet();
        BlockingQueue<WorkerFrame> inbox = open(id);
        try {
            send(new WorkerFrame.Count(id, WorkerJson.write(new WorkerJson.CountSpec(messages))));
            WorkerFrame reply = inbox.poll(COUNT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return switch (reply) {
                case WorkerFrame.Counted counted -> counted.tokens();
                case WorkerFrame.Failed failed -> throw failure(failed);
                case null -> throw new InferenceException(Kind.WORKER_FAILED,
                        "worker for " + modelId + " did not count tokens within " + COUNT_TIMEOUT_SECONDS + " s");
                default -> throw new IllegalStateException("unexpected reply " + reply);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException(Kind.CANCELLED, "interrupted while counting tokens");
        } finally {
            inboxes.remove(id);
        }
    }

    @Override
    public LocalGeneration generate(ChatRequest request) {
        long id = ids.incrementAndGet();
        BlockingQueue<WorkerFrame> inbox = open(id);
        send(new WorkerFrame.Generate(id, WorkerJson.write(request)));
        WorkerFrame reply;
        try {
            reply = inbox.poll(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(id);
            inboxes.remove(id);
            throw new InferenceException(Kind.CANCELLED, "interrupted while the model read the prompt");
        }
        return switch (reply) {
            case WorkerFrame.Started started -> new WorkerTokenStream(this, id, inbox, started.promptTokens());
            case WorkerFrame.Overflow overflow -> {
                inboxes.remove(id);
                throw InferenceException.contextOverflow(modelId, overflow.promptTokens(), overflow.contextLength());
            }
            case WorkerFrame.Failed failed -> {
                inboxes.remove(id);
                throw failure(failed);
            }
            case null -> {
                cancel(id);
                inboxes.remove(id);
                throw new InferenceException(Kind.WORKER_FAILED, "worker for " + modelId + " did not start the "
                        + "generation within " + START_TIMEOUT_SECONDS + " s");
            }
            default -> throw new IllegalStateException("unexpected reply " + reply);
        };
    }

    /** Ends the worker process, which is what returns the model's memory. */
    @Override
    public void close() {
        if (deathReason == null) deathReason = "unloaded";
        try {
            send(new WorkerFrame.Shutdown());
        } catch (InferenceException alreadyGone) {
            // nothing to tell a dead worker
        }
        worker.stop();
        failAll("model " + modelId + " was unloaded");
    }

    void cancel(long id) {
        send(new WorkerFrame.Cancel(id));
    }

    void forget(long id) {
        inboxes.remove(id);
    }

    /**
     * The worker's refusal of an option, named first in its message ("tools: the chat template ...", "logprobs,
     * top_k: engine java-llama.cpp ...").
     */
    UnsupportedOptionException refusal(WorkerFrame.Failed failed) {
        String message = failed.message();
        int colon = message.indexOf(": ");
        List<String> params = colon < 0 ? List.of() : List.of(message.substring(0, colon).split(", "));
        if (params.isEmpty() || !params.stream().allMatch(p -> p.matches("[a-z_.\\[\\]0-9]{1,80}"))) {
            return new UnsupportedOptionException("messages", "model " + modelId + " (" + message + ")");
        }
        return new UnsupportedOptionException(params, "model " + modelId + " (" + message.substring(colon + 2) + ")");
    }

    RuntimeException failure(WorkerFrame.Failed failed) {
        if (failed.kind().equals("UNSUPPORTED_OPTION")) return refusal(failed);
        if (failed.kind().equals(WORKER_DIED)) {
            return new InferenceException(Kind.WORKER_FAILED, failed.message());
        }
        return new InferenceException(Kind.NATIVE_FAILURE, modelId + ": " + failed.kind() + ": " + failed.message());
    }

    private BlockingQueue<WorkerFrame> open(long id) {
        if (deathReason != null) {
            throw new InferenceException(Kind.WORKER_FAILED, "model " + modelId + " is not running: " + deathReason);
        }
        var inbox = new LinkedBlockingQueue<WorkerFrame>();
        inboxes.put(id, inbox);
        String died = deathReason; // the worker may have died between the check above and the put
        if (died != null) inbox.add(new WorkerFrame.Failed(id, WORKER_DIED, "model " + modelId + " stopped: " + died));
        return inbox;
    }

    private void send(WorkerFrame frame) {
        try {
            synchronized (out) {
                WorkerFrame.write(out, frame);
                out.flush();
            }
        } catch (IOException e) {
            throw new InferenceException(Kind.WORKER_FAILED, "worker for " + modelId + " is gone: " + e.getMessage(), null, e);
        }
    }

    private void readFrames() {
        try {
            while (true) {
                WorkerFrame frame = WorkerFrame.read(in);
                long id = switch (frame) {
                    case WorkerFrame.Piece f -> f.id();
                    case WorkerFrame.End f -> f.id();
                    case WorkerFrame.Failed f -> f.id();
                    case WorkerFrame.Counted f -> f.id();
                    case WorkerFrame.Started f -> f.id();
                    case WorkerFrame.Overflow f -> f.id();
                    default -> -1;
                };
                BlockingQueue<WorkerFrame> inbox = inboxes.get(id);
                if (inbox != null) inbox.add(frame);
            }
        } catch (IOException e) {
            if (deathReason == null) {
                deathReason = "worker process " + worker.pid() + " exited: " + worker.describeExit();
                LOG.warning("model " + modelId + ": " + deathReason);
            }
            failAll("model " + modelId + " stopped: " + deathReason);
        }
    }

    private void failAll(String message) {
        inboxes.forEach((id, inbox) -> inbox.add(new WorkerFrame.Failed(id, WORKER_DIED, message)));
    }

}
