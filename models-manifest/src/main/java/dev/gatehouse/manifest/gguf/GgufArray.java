package dev.gatehouse.manifest.gguf;

import java.util.List;

/**
 * A metadata array. Long arrays (a tokenizer vocabulary has tens of thousands of entries) are only counted, so that
 * reading a header stays small; {@code values} is then empty and {@link #complete()} false.
 *
 * @param elementType type of every element
 * @param length      number of elements in the file
 * @param values      the elements (Integer, Long, Float, Double, Boolean or String), or empty when not kept
 */
public record GgufArray(GgufValueType elementType, long length, List<Object> values) {

    public GgufArray {
        values = List.copyOf(values);
    }

    /** Whether {@link #values()} holds every element. */
    public boolean complete() {
        return values.size() == length;
    }
}
