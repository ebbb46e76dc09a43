package dev.gatehouse.manifest.gguf;

import java.util.List;

/**
 * One tensor as the GGUF header describes it.
 *
 * @param name       e.g. {@code blk.0.attn_q.weight}
 * @param dims       extents, fastest-varying first (ggml's ne0 first: {@code token_embd} is [n_embd, n_vocab])
 * @param type       element type
 * @param offset     start of the data, relative to the start of the tensor data section
 * @param byteSize   bytes of data, from the element count and the type's block size
 */
public record TensorInfo(String name, List<Long> dims, GgmlType type, long offset, long byteSize) {

    public TensorInfo {
        dims = List.copyOf(dims);
    }

    public long elementCount() {
        long count = 1;
        for (long dim : dims) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }
}
