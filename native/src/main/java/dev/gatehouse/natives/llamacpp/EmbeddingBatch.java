package dev.gatehouse.natives.llamacpp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One {@code llama_batch} of whole inputs, each under a sequence id of its own, every row an output (pooling reads
 * them all). Its native arrays live as long as the embedder; only the embedder's lock holder fills it.
 */
final class EmbeddingBatch {

    final MemorySegment batch;
    private final int capacity;
    private final MemorySegment tokens;
    private final MemorySegment positions;
    private final MemorySegment seqIds;
    private int rows;
    private int sequences;

    EmbeddingBatch(Arena arena, int capacity) {
        this.capacity = capacity;
        batch = arena.allocate(LlamaStructs.BATCH);
        tokens = arena.allocate(JAVA_INT, capacity);
        positions = arena.allocate(JAVA_INT, capacity);
        seqIds = arena.allocate(JAVA_INT, capacity);
        MemorySegment seqCounts = arena.allocate(JAVA_INT, capacity);
        MemorySegment seqPointers = arena.allocate(ADDRESS, capacity);
        MemorySegment outputs = arena.allocate(JAVA_BYTE, capacity);
        for (int i = 0; i < capacity; i++) {
            seqCounts.setAtIndex(JAVA_INT, i, 1);
            seqPointers.setAtIndex(ADDRESS, i, seqIds.asSlice(i * 4L, 4));
            outputs.set(JAVA_BYTE, i, (byte) 1);
        }
        batch.set(ADDRESS, LlamaStructs.B_TOKEN, tokens);
        batch.set(ADDRESS, LlamaStructs.B_EMBD, MemorySegment.NULL);
        batch.set(ADDRESS, LlamaStructs.B_POS, positions);
        batch.set(ADDRESS, LlamaStructs.B_N_SEQ_ID, seqCounts);
        batch.set(ADDRESS, LlamaStructs.B_SEQ_ID, seqPointers);
        batch.set(ADDRESS, LlamaStructs.B_LOGITS, outputs);
    }

    void clear() {
        rows = 0;
        sequences = 0;
        batch.set(JAVA_INT, 0, 0);
    }

    boolean fits(int inputTokens) {
        return rows + inputTokens <= capacity;
    }

    /** Adds a whole input as the next sequence, positions from 0; returns its sequence id. */
    int add(int[] input) {
        if (!fits(input.length)) {
            throw new IllegalStateException(input.length + " tokens do not fit; " + (capacity - rows) + " left");
        }
        int seqId = sequences++;
        for (int position = 0; position < input.length; position++) {
            tokens.setAtIndex(JAVA_INT, rows, input[position]);
            positions.setAtIndex(JAVA_INT, rows, position);
            seqIds.setAtIndex(JAVA_INT, rows, seqId);
            rows++;
        }
        batch.set(JAVA_INT, 0, rows);
        return seqId;
    }

    int sequences() {
        return sequences;
    }
}
