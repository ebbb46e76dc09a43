package dev.gatehouse.inference.worker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages between the pool and a model worker process, and their binary encoding.
 *
 * <p>A frame is its type byte followed by its fields, written with {@link DataOutputStream}. Binary rather than JSON
 * because a piece frame is sent per generated token and the hop must stay cheap next to the token itself.
 */
sealed interface WorkerFrame {

    // pool → worker
    record Load(String file, int context, int slots, int threads, int gpuLayers, String chatTemplate) implements WorkerFrame {}

    record Turn(String role, String content) {}

    record Generate(long id, List<Turn> turns, int maxTokens, float temperature, float topP, Integer seed,
                    List<String> stop) implements WorkerFrame {}

    record Count(long id, List<Turn> turns) implements WorkerFrame {}

    record Cancel(long id) implements WorkerFrame {}

    record Shutdown() implements WorkerFrame {}

    // worker → pool
    record Loaded(int contextLength, long pid) implements WorkerFrame {}

    /** A failure; {@code id} is -1 for the load itself. {@code kind} is a {@code NativeException.Kind} name. */
    record Failed(long id, String kind, String message) implements WorkerFrame {}

    record Piece(long id, String text) implements WorkerFrame {}

    record End(long id, boolean hitLimit, int promptTokens, int generatedTokens) implements WorkerFrame {}

    record Counted(long id, int tokens) implements WorkerFrame {}

    static void write(DataOutputStream out, WorkerFrame frame) throws IOException {
        switch (frame) {
            case Load f -> {
                out.writeByte(1);
                out.writeUTF(f.file());
                out.writeInt(f.context());
                out.writeInt(f.slots());
                out.writeInt(f.threads());
                out.writeInt(f.gpuLayers());
                writeNullable(out, f.chatTemplate());
            }
            case Generate f -> {
                out.writeByte(2);
                out.writeLong(f.id());
                writeTurns(out, f.turns());
                out.writeInt(f.maxTokens());
                out.writeFloat(f.temperature());
                out.writeFloat(f.topP());
                out.writeBoolean(f.seed() != null);
                if (f.seed() != null) out.writeInt(f.seed());
                out.writeInt(f.stop().size());
                for (String s : f.stop()) writeLong(out, s);
            }
            case Count f -> {
                out.writeByte(3);
                out.writeLong(f.id());
                writeTurns(out, f.turns());
            }
            case Cancel f -> {
                out.writeByte(4);
                out.writeLong(f.id());
            }
            case Shutdown f -> out.writeByte(5);
            case Loaded f -> {
                out.writeByte(10);
                out.writeInt(f.contextLength());
                out.writeLong(f.pid());
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
            }
            case End f -> {
                out.writeByte(13);
                out.writeLong(f.id());
                out.writeBoolean(f.hitLimit());
                out.writeInt(f.promptTokens());
                out.writeInt(f.generatedTokens());
            }
            case Counted f -> {
                out.writeByte(14);
                out.writeLong(f.id());
                out.writeInt(f.tokens());
            }
        }
    }

    static WorkerFrame read(DataInputStream in) throws IOException {
        int type = in.readUnsignedByte();
        return switch (type) {
            case 1 -> new Load(in.readUTF(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), readNullable(in));
            case 2 -> {
                long id = in.readLong();
                List<Turn> turns = readTurns(in);
                int maxTokens = in.readInt();
                float temperature = in.readFloat();
                float topP = in.readFloat();
                Integer seed = in.readBoolean() ? in.readInt() : null;
                int n = in.readInt();
                List<String> stop = new ArrayList<>(n);
                for (int i = 0; i < n; i++) stop.add(readLong(in));
                yield new Generate(id, turns, maxTokens, temperature, topP, seed, stop);
            }
            case 3 -> new Count(in.readLong(), readTurns(in));
            case 4 -> new Cancel(in.readLong());
            case 5 -> new Shutdown();
            case 10 -> new Loaded(in.readInt(), in.readLong());
            case 11 -> new Failed(in.readLong(), in.readUTF(), readLong(in));
            case 12 -> new Piece(in.readLong(), readLong(in));
            case 13 -> new End(in.readLong(), in.readBoolean(), in.readInt(), in.readInt());
            case 14 -> new Counted(in.readLong(), in.readInt());
            default -> throw new IOException("unknown worker frame type " + type);
        };
    }

    private static void writeTurns(DataOutputStream out, List<Turn> turns) throws IOException {
        out.writeInt(turns.size());
        for (Turn t : turns) {
            out.writeUTF(t.role());
            writeLong(out, t.content());
        }
    }

    private static List<Turn> readTurns(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<Turn> turns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) turns.add(new Turn(in.readUTF(), readLong(in)));
        return turns;
    }

    /** writeUTF stops at 64 KiB; prompts can be longer. */
    private static void writeLong(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readLong(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) writeLong(out, s);
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? readLong(in) : null;
    }
}
