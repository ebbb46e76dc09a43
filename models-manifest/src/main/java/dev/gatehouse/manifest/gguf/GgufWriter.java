package dev.gatehouse.manifest.gguf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a GGUF v3 file: metadata of every type, then F32, F16, Q8_0 or Q4_0 tensors whose values are produced while writing.
 * Used by tests to make real model files of any size without shipping them.
 */
public final class GgufWriter {
    private record Value(GgufValueType type, GgufValueType elementType, Object value) {
    }

    private record Tensor(String name, GgmlType type, long[] dims, TensorValues values) {
        long elements() {
            return Arrays.stream(dims).reduce(1, Math::multiplyExact);
        }
    }

    private final Map<String, Value> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();
    private int alignment = GgufReader.DEFAULT_ALIGNMENT;

    /** Aligns tensor data to {@code bytes} (a power of two) and records it as {@code general.alignment}. */
    public GgufWriter alignment(int bytes) {
        if (bytes <= 0 || Integer.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two, was " + bytes);
        }
        alignment = bytes;
        return putUint32("general.alignment", bytes);
    }

    public GgufWriter putUint8(String key, int value) {
        return put(key, GgufValueType.UINT8, value);
    }

    public GgufWriter putInt8(String key, int value) {
        return put(key, GgufValueType.INT8, value);
    }

    public GgufWriter putUint16(String key, int value) {
        return put(key, GgufValueType.UINT16, value);
    }

    public GgufWriter putInt16(String key, int value) {
        return put(key, GgufValueType.INT16, value);
    }

    public GgufWriter putUint32(String key, long value) {
        return put(key, GgufValueType.UINT32, value);
    }

    public GgufWriter putInt32(String key, int value) {
        return put(key, GgufValueType.INT32, value);
    }

    public GgufWriter putUint64(String key, long value) {
        return put(key, GgufValueType.UINT64, value);
    }

    public GgufWriter putInt64(String key, long value) {
        return put(key, GgufValueType.INT64, value);
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValueType.FLOAT32, value);
    }

    public GgufWriter putFloat64(String key, double value) {
        return put(key, GgufValueType.FLOAT64, value);
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValueType.BOOL, value);
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValueType.STRING, value);
    }

    public GgufWriter putStringArray(String key, List<String> values) {
        metadata.put(key, new Value(GgufValueType.ARRAY, GgufValueType.STRING, List.copyOf(values)));
        return this;
    }

    public GgufWriter putFloat32Array(String key, float[] values) {
        metadata.put(key, new Value(GgufValueType.ARRAY, GgufValueType.FLOAT32, values.clone()));
        return this;
    }

    public GgufWriter putInt32Array(String key, int[] values) {
        metadata.put(key, new Value(GgufValueType.ARRAY, GgufValueType.INT32, values.clone()));
        return this;
    }

    /**
     * Adds a tensor whose values come from {@code values} while writing.
     *
     * @param dims extents, ne0 (the row length) first, 1 to 4 of them
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, TensorValues values) {
        if (type != GgmlType.F32 && type != GgmlType.F16 && !BlockQuantizer.supports(type)) {
            throw new IllegalArgumentException("only F32, F16, Q8_0 and Q4_0 tensors can be written, not " + type);
        }
        if (dims.length < 1 || dims.length > 4 || Arrays.stream(dims).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("tensor " + name + " needs 1 to 4 positive dims, was "
                    + Arrays.toString(dims));
        }
        if (dims[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor " + name + " of type " + type + " needs rows of a multiple of "
                    + type.blockSize() + " values, was " + dims[0]);
        }
        if (tensors.stream().anyMatch(t -> t.name.equals(name))) {
            throw new IllegalArgumentException("duplicate tensor " + name);
        }
        tensors.add(new Tensor(name, type, dims.clone(), values));
        return this;
    }

    public GgufWriter addTensor(String name, GgmlType type, long[] dims, float[] values) {
        float[] copy = values.clone();
        long elements = Arrays.stream(dims).reduce(1, Math::multiplyExact);
        if (elements != copy.length) {
            throw new IllegalArgumentException("tensor " + name + " has " + elements + " elements but "
                    + copy.length + " values were given");
        }
        return addTensor(name, type, dims, i -> copy[(int) i]);
    }

    /**
     * The size {@link #write} gives the file, computed without writing: callers check disk space before a
     * multi-gigabyte model, and tests pin the header layout by comparing it with the file written.
     */
    public long fileBytes() {
        long header = 4 + 4 + 8 + 8;
        for (Map.Entry<String, Value> entry : metadata.entrySet()) {
            header += stringBytes(entry.getKey()) + 4 + valueBytes(entry.getValue());
        }
        for (Tensor tensor : tensors) {
            header += stringBytes(tensor.name) + 4 + 8L * tensor.dims.length + 4 + 8;
        }
        long size = GgufReader.alignUp(header, alignment);
        for (Tensor tensor : tensors) {
            size += GgufReader.alignUp(tensor.type.bytesFor(tensor.elements()), alignment);
        }
        return size;
    }

    /** Writes the file, replacing any file at {@code path}. */
    public void write(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            GgufOutput out = new GgufOutput(channel);
            out.u8('G').u8('G').u8('U').u8('F').u32(3).u64(tensors.size()).u64(metadata.size());
            for (Map.Entry<String, Value> entry : metadata.entrySet()) {
                out.string(entry.getKey()).u32(entry.getValue().type().id());
                writeValue(out, entry.getValue());
            }
            long offset = 0;
            for (Tensor tensor : tensors) {
                out.string(tensor.name).u32(tensor.dims.length);
                for (long dim : tensor.dims) {
                    out.u64(dim);
                }
                out.u32(tensor.type.id()).u64(offset);
                offset = GgufReader.alignUp(offset + tensor.type.bytesFor(tensor.elements()), alignment);
            }
            for (Tensor tensor : tensors) {
                out.pad(alignment);
                writeData(out, tensor);
            }
            out.pad(alignment);
            out.flush();
        }
    }

    private GgufWriter put(String key, GgufValueType type, Object value) {
        metadata.put(key, new Value(type, null, value));
        return this;
    }

    private static void writeValue(GgufOutput out, Value value) throws IOException {
        switch (value.type()) {
            case UINT8, INT8 -> out.u8((Integer) value.value());
            case UINT16, INT16 -> out.u16((Integer) value.value());
            case UINT32 -> out.u32((Long) value.value());
            case INT32 -> out.u32((Integer) value.value());
            case UINT64, INT64 -> out.u64((Long) value.value());
            case FLOAT32 -> out.f32((Float) value.value());
            case FLOAT64 -> out.f64((Double) value.value());
            case BOOL -> out.u8((Boolean) value.value() ? 1 : 0);
            case STRING -> out.string((String) value.value());
            case ARRAY -> writeArray(out, value);
        }
    }

    private static long stringBytes(String value) {
        return 8L + value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long valueBytes(Value value) {
        return switch (value.value()) {
            case String s -> stringBytes(s);
            case List<?> strings -> 4 + 8 + strings.stream().mapToLong(s -> stringBytes((String) s)).sum();
            case float[] floats -> 4 + 8 + 4L * floats.length;
            case int[] ints -> 4 + 8 + 4L * ints.length;
            default -> value.type().fixedSize();
        };
    }

    private static void writeArray(GgufOutput out, Value value) throws IOException {
        out.u32(value.elementType().id());
        switch (value.value()) {
            case List<?> strings -> {
                out.u64(strings.size());
                for (Object s : strings) {
                    out.string((String) s);
                }
            }
            case float[] floats -> {
                out.u64(floats.length);
                for (float f : floats) {
                    out.f32(f);
                }
            }
            case int[] ints -> {
                out.u64(ints.length);
                for (int i : ints) {
                    out.u32(i);
                }
            }
            default -> throw new IllegalStateException("unexpected array " + value);
        }
    }

    private static void writeData(GgufOutput out, Tensor tensor) throws IOException {
        long elements = tensor.elements();
        if (tensor.type == GgmlType.F32) {
            for (long i = 0; i < elements; i++) {
                out.f32(tensor.values.at(i));
            }
        } else if (tensor.type == GgmlType.F16) {
            for (long i = 0; i < elements; i++) {
                out.u16(Float.floatToFloat16(tensor.values.at(i)));
            }
        } else {
            float[] block = new float[BlockQuantizer.BLOCK];
            for (long i = 0; i < elements; i += block.length) {
                for (int j = 0; j < block.length; j++) {
                    block[j] = tensor.values.at(i + j);
                }
                BlockQuantizer.writeBlock(out, tensor.type, block);
            }
        }
    }
}
