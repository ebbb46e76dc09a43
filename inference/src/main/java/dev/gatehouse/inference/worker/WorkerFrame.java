package dev.gatehouse.inference.worker;

import dev.gatehouse.inference.ToolCall;
import dev.gatehouse.natives.TokenProbability;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages between the pool and a model worker process, and their binary encoding.
 *
 * <p>A frame is its type byte followed by its fields, written with {@link DataOutputStream}. The per-token frames
 * ({@link Piece}) are binary because one is sent per generated token and the hop must stay cheap next to the token
 * itself; the once-per-request and once-per-load frames carry JSON ({@link WorkerJson}) so that new request options
 * do not need new encodings.
 *
 * <p>One request is one exchange: {@link Generate} is answered by {@link Started} (the prompt's real token count,
 * after the worker rendered the chat template and checked the context) or by {@link Overflow} or {@link Failed};
 * then come {@link Piece}s and one {@link End}.
 */
sealed interface WorkerFrame {

    // pool → worker
    /** Load the model; {@code json} is a {@link WorkerJson.LoadSpec}. */
    record Load(String json) implements WorkerFrame {}

    /** Start generating; {@code json} is the {@code ChatRequest}. */
    record Generate(long id, String json) implements WorkerFrame {}

    /** Count the prompt tokens of a conversation (capacity tooling; the request path uses {@link Started}). */
    record Count(long id, String json) implements WorkerFrame {}

    record Cancel(long id) implements WorkerFrame {}

    record Shutdown() implements WorkerFrame {}

    // worker → pool
    /** The model is ready; {@code json} is a {@link WorkerJson.LoadedSpec}. */
    record Loaded(String json) implements WorkerFrame {}

    /** A failure; {@code id} is -1 for the load itself. {@code kind} is a {@code NativeException.Kind} name. */
    record Failed(long id, String kind, String message) implements WorkerFrame {}

    /** The generation started: the prompt fits and has this many tokens. */
    record Started(long id, int promptTokens) implements WorkerFrame {}

    /** The prompt, or the prompt plus max_tokens, does not fit a slot's context. */
    record Overflow(long id, int promptTokens, int contextLength) implements WorkerFrame {}

    record Piece(long id, String text, List<TokenProbability> logprobs) implements WorkerFrame {}

    record End(long id, boolean hitLimit, int promptTokens, int generatedTokens, List<ToolCall> toolCalls)
            implements WorkerFrame {}

    record Counted(long id, int tokens) implements WorkerFrame {}

    static void write(DataOutputStream out, WorkerFrame frame) throws IOException {
        switch (frame) {
            case Load f -> {
                out.writeByte(1);
                writeLong(out, f.json());
            }
            case Generate f -> {
                out.writeByte(2);
                out.writeLong(f.id());
                writeLong(out, f.json());
            }
            case Count f -> {
                out.writeByte(3);
                out.writeLong(f.id());
                writeLong(out, f.json());
            }
            case Cancel f -> {
                out.writeByte(4);
                out.writeLong(f.id());
            }
            case Shutdown f -> out.writeByte(5);
            case Loaded f -> {
                out.writeByte(10);
                writeLong(out, f.json());
            }
            case Failed f -> {
                out.writeByte(11);
                out.writeLong(f.id());
                out.writeUTF(f.kind());
                writeLong(out, f.message());
            }
            case Piece f -> {
                out.writeByte(12);
                out.writeLong(f.id());
                writeLong(out, f.text());
                out.writeShort(f.logprobs().size());
                for (TokenProbability p : f.logprobs()) {
                    writeProbability(out, p);
                    out.writeByte(p.top().size());
                    for (TokenProbability alternative : p.top()) writeProbability(out, alternative);
                }
            }
            case End f -> {
                out.writeByte(13);
                out.writeLong(f.id());
                out.writeBoolean(f.hitLimit());
                out.writeInt(f.promptTokens());
                out.writeInt(f.generatedTokens());
                out.writeShort(f.toolCalls().size());
                for (ToolCall call : f.toolCalls()) {
                    writeLong(out, call.id());
                    writeLong(out, call.name());
                    writeLong(out, call.arguments());
                }
            }
            case Counted f -> {
                out.writeByte(14);
                out.writeLong(f.id());
                out.writeInt(f.tokens());
            }
            case Started f -> {
                out.writeByte(15);
                out.writeLong(f.id());
                out.writeInt(f.promptTokens());
            }
            case Overflow f -> {
                out.writeByte(16);
                out.writeLong(f.id());
                out.writeInt(f.promptTokens());
                out.writeInt(f.contextLength());
            }
        }
    }

    static WorkerFrame read(DataInputStream in) throws IOException {
        int type = in.readUnsignedByte();
        return switch (type) {
            case 1 -> new Load(readLong(in));
            case 2 -> new Generate(in.readLong(), readLong(in));
            case 3 -> new Count(in.readLong(), readLong(in));
            case 4 -> new Cancel(in.readLong());
            case 5 -> new Shutdown();
            case 10 -> new Loaded(readLong(in));
            case 11 -> new Failed(in.readLong(), in.readUTF(), readLong(in));
            case 12 -> {
                long id = in.readLong();
                String text = readLong(in);
                int n = in.readUnsignedShort();
                List<TokenProbability> logprobs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    TokenProbability p = readProbability(in, List.of());
                    int top = in.readUnsignedByte();
                    List<TokenProbability> alternatives = new ArrayList<>(top);
                    for (int j = 0; j < top; j++) alternatives.add(readProbability(in, List.of()));
                    logprobs.add(new TokenProbability(p.token(), p.bytes(), p.logprob(), alternatives));
                }
                yield new Piece(id, text, logprobs);
            }
            case 13 -> {
                long id = in.readLong();
                boolean hitLimit = in.readBoolean();
                int prompt = in.readInt();
                int generated = in.readInt();
                int n = in.readUnsignedShort();
                List<ToolCall> calls = new ArrayList<>(n);
                for (int i = 0; i < n; i++) calls.add(new ToolCall(readLong(in), readLong(in), readLong(in)));
                yield new End(id, hitLimit, prompt, generated, calls);
            }
            case 14 -> new Counted(in.readLong(), in.readInt());
            case 15 -> new Started(in.readLong(), in.readInt());
            case 16 -> new Overflow(in.readLong(), in.readInt(), in.readInt());
            default -> throw new IOException("unknown worker frame type " + type);
        };
    }

    private static void writeProbability(DataOutputStream out, TokenProbability p) throws IOException {
        out.writeInt(p.token());
        out.writeShort(p.bytes().length);
        out.write(p.bytes());
        out.writeDouble(p.logprob());
    }

    private static TokenProbability readProbability(DataInputStream in, List<TokenProbability> top) throws IOException {
        int token = in.readInt();
        byte[] bytes = new byte[in.readUnsignedShort()];
        in.readFully(bytes);
        return new TokenProbability(token, bytes, in.readDouble(), top);
    }

    /** writeUTF stops at 64 KiB; prompts can be longer. */
    private static void writeLong(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readLong(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
