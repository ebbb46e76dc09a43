package dev.gatehouse.manifest;

/**
 * Element type of a GGUF model's KV cache ({@code kvCacheType} in models.yaml). Quantized types store blocks of 32
 * values with a scale each, which is why q8_0 costs 8.5 bits per value rather than 8.
 */
public enum KvCacheType {
    F16("f16", 16),
    Q8_0("q8_0", 8.5),
    Q4_0("q4_0", 4.5),
    F32("f32", 32);

    private final String wireName;
    private final double bitsPerValue;

    KvCacheType(String wireName, double bitsPerValue) {
        this.wireName = wireName;
        this.bitsPerValue = bitsPerValue;
    }

    /** The spelling in models.yaml and in llama.cpp's {@code --cache-type-k/-v}. */
    public String wireName() {
        return wireName;
    }

    public double bitsPerValue() {
        return bitsPerValue;
    }

    /** Bytes one cached value takes, block scales included. */
    public double bytesPerElement() {
        return bitsPerValue / 8;
    }
}
