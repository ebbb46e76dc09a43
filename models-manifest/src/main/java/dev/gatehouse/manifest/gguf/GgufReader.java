package dev.gatehouse.manifest.gguf;

import dev.gatehouse.manifest.gguf.GgufFormatException.Problem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the header of a GGUF v2/v3 file: metadata, tensor descriptions and where the tensor data lies. Tensor data
 * itself is never read, only checked to fit inside the file.
 *
 * <p>Every count and length read from the file is checked against the bytes left in it and against a cap before
 * anything is allocated or looped over, so a truncated, garbled or hostile file is a {@link GgufFormatException},
 * never an out-of-memory error, a stack overflow or a long loop.
 */
public final class GgufReader {
    /** Arrays up to this length are kept in full; longer ones (vocabularies) are only counted. */
    static final int MAX_KEPT_ARRAY = 1024;
    static final int DEFAULT_ALIGNMENT = 32;
    /*
     * Caps far above any real model (a few dozen keys, a few thousand tensors, vocabularies below a million entries)
     * and far below what would exhaust memory.
     */
    static final long MAX_METADATA_ENTRIES = 1 << 16;
    static final long MAX_TENSORS = 1 << 16;
    static final long MAX_ARRAY_LENGTH = 1 << 26;
    /** Arrays inside arrays; GGUF files in the wild do not nest at all, and each level is a stack frame. */
    static final int MAX_ARRAY_DEPTH = 4;
    /** Bytes of strings kept in memory (keys, values, tensor names, kept array elements) over the whole header. */
    static final long MAX_KEPT_STRING_BYTES = 64L << 20;
    private static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    private static final int MAX_DIMS = 4;
    /** Names read from the file (keys, tensor names) are cut to this in messages. */
    private static final int SHOWN_NAME_CHARS = 80;

    private final Path path;
    private final GgufInput in;
    private long keptStringBytes;

    private GgufReader(Path path, GgufInput in) {
        this.path = path;
        this.in = in;
    }

    public static GgufInfo read(Path path) throws GgufFormatException {
        if (!Files.exists(path)) {
            throw new GgufFormatException(path, Problem.MISSING, "file does not exist");
        }
        if (Files.isDirectory(path)) {
            throw new GgufFormatException(path, Problem.UNREADABLE, "is a directory, not a GGUF file");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return new GgufReader(path, new GgufInput(path, channel)).readAll();
        } catch (NoSuchFileException e) {
            throw new GgufFormatException(path, Problem.MISSING, "file does not exist", e);
        } catch (IOException e) {
            throw new GgufFormatException(path, Problem.UNREADABLE, "cannot be read: " + e.getMessage(), e);
        }
    }

    private GgufInfo readAll() throws GgufFormatException {
        if (in.size() < 4 || in.i32() != MAGIC) {
            throw new GgufFormatException(path, Problem.NOT_GGUF, "not a GGUF file (the first 4 bytes are not 'GGUF')");
        }
        long version = in.u32();
        if (version != 2 && version != 3) {
            throw new GgufFormatException(path, Problem.UNSUPPORTED_VERSION,
                    "GGUF version " + version + " is not supported, expected 2 or 3");
        }
        long tensorCount = in.i64();
        long kvCount = in.i64();
        // The smallest key-value takes 13 bytes and the smallest tensor info 28: a larger count cannot fit.
        checkCount(tensorCount, 28, MAX_TENSORS, "tensor count");
        checkCount(kvCount, 13, MAX_METADATA_ENTRIES, "metadata count");

        Map<String, Object> scalars = new LinkedHashMap<>();
        Map<String, GgufArray> arrays = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = keptString("metadata key #" + i);
            GgufValueType type = valueType(in.u32(), key);
            if (type == GgufValueType.ARRAY) {
                arrays.put(key, array(key, 1));
            } else {
                scalars.put(key, scalar(type, key, 0));
            }
        }
        int alignment = alignment(scalars.get("general.alignment"));
        checkBlockCount(scalars);

        List<TensorInfo> tensors = new ArrayList<>((int) tensorCount);
        for (long i = 0; i < tensorCount; i++) {
            tensors.add(tensorInfo(i, alignment));
        }
        long dataOffset = alignUp(in.position(), alignment);
        for (TensorInfo tensor : tensors) {
            // offset and size are each below 2^63 but their sum need not be: compare without adding them up
            long room = in.size() - dataOffset;
            if (tensor.offset() > room || tensor.byteSize() > room - tensor.offset()) {
                throw new GgufFormatException(path, Problem.TRUNCATED, "tensor '" + shown(tensor.name())
                        + "' ends beyond the end of the file (" + in.size() + " bytes): its data starts at byte "
                        + Long.toUnsignedString(dataOffset + tensor.offset()) + " and takes "
                        + tensor.byteSize() + " bytes");
            }
        }
        return new GgufInfo(path, (int) version, in.size(), alignment, dataOffset, scalars, arrays, tensors);
    }

    private void checkCount(long count, int minBytesEach, long max, String what) throws GgufFormatException {
        if (count < 0 || count > in.remaining() / minBytesEach) {
            throw new GgufFormatException(path, Problem.CORRUPT, what + " " + Long.toUnsignedString(count)
                    + " cannot fit in a file of " + in.size() + " bytes");
        }
        if (count > max) {
            throw new GgufFormatException(path, Problem.CORRUPT, what + " " + count + " is above the limit of " + max);
        }
    }

    /**
     * Callers size per-layer tables by the block count (the memory estimator does), so a garbled one must not reach
     * them: no model has more blocks than a file may have tensors.
     */
    private void checkBlockCount(Map<String, Object> scalars) throws GgufFormatException {
        String key = (scalars.get("general.architecture") instanceof String arch ? arch : "") + ".block_count";
        if (scalars.get(key) instanceof Number blocks
                && (blocks.longValue() < 0 || blocks.longValue() > MAX_TENSORS)) {
            throw new GgufFormatException(path, Problem.CORRUPT, shown(key) + " is " + blocks
                    + ", outside 0 to " + MAX_TENSORS);
        }
    }

    /** A name read from the file, cut so that a hostile 64 KB key does not fill a message. */
    static String shown(String name) {
        return name.length() <= SHOWN_NAME_CHARS ? name
                : name.substring(0, SHOWN_NAME_CHARS) + "…(" + name.length() + " characters)";
    }

    private String keptString(String what) throws GgufFormatException {
        long start = in.position();
        String value = in.string(what, MAX_KEPT_STRING_BYTES - keptStringBytes);
        keptStringBytes += in.position() - start - Long.BYTES;
        return value;
    }

    private GgufValueType valueType(long id, String key) throws GgufFormatException {
        return GgufValueType.byId(id).orElseThrow(() -> new GgufFormatException(path, Problem.CORRUPT,
                "metadata '" + shown(key) + "' has unknown value type " + id));
    }

    private Object scalar(GgufValueType type, String key, int depth) throws GgufFormatException {
        return switch (type) {
            case UINT8 -> in.u8();
            case INT8 -> in.i8();
            case UINT16 -> in.u16();
            case INT16 -> in.i16();
            case UINT32 -> in.u32();
            case INT32 -> in.i32();
            case FLOAT32 -> in.f32();
            case BOOL -> in.u8() != 0;
            case STRING -> keptString("metadata '" + shown(key) + "'");
            case UINT64, INT64 -> in.i64();
            case FLOAT64 -> in.f64();
            case ARRAY -> array(key, depth + 1);
        };
    }

    private GgufArray array(String key, int depth) throws GgufFormatException {
        GgufValueType elementType = valueType(in.u32(), key);
        long length = arrayLength(elementType, key, depth);
        if (length <= MAX_KEPT_ARRAY) {
            List<Object> values = new ArrayList<>((int) length);
            for (long i = 0; i < length; i++) {
                values.add(scalar(elementType, key, depth));
            }
            return new GgufArray(elementType, length, values);
        }
        skipElements(elementType, length, key, depth);
        return new GgufArray(elementType, length, List.of());
    }

    /** The element count that follows an array's element type, checked against the file and the caps. */
    private long arrayLength(GgufValueType elementType, String key, int depth) throws GgufFormatException {
        if (depth > MAX_ARRAY_DEPTH) {
            throw new GgufFormatException(path, Problem.CORRUPT, "metadata '" + shown(key)
                    + "' nests arrays more than " + MAX_ARRAY_DEPTH + " deep");
        }
        long length = in.i64();
        // 12 bytes is the smallest nested array (type and length), 8 the smallest string (its length)
        long minBytes = elementType.fixedSize() > 0 ? elementType.fixedSize() : 8;
        if (length < 0 || length > in.remaining() / minBytes) {
            throw new GgufFormatException(path, Problem.TRUNCATED, "metadata array '" + shown(key) + "' claims "
                    + Long.toUnsignedString(length) + " elements, more than the rest of the file can hold");
        }
        if (length > MAX_ARRAY_LENGTH) {
            throw new GgufFormatException(path, Problem.CORRUPT, "metadata array '" + shown(key) + "' claims "
                    + length + " elements, above the limit of " + MAX_ARRAY_LENGTH);
        }
        return length;
    }

    private void skipElements(GgufValueType elementType, long length, String key, int depth)
            throws GgufFormatException {
        if (elementType.fixedSize() > 0) {
            in.skip(length * elementType.fixedSize(), "metadata array '" + shown(key) + "'");
            return;
        }
        for (long i = 0; i < length; i++) {
            if (elementType == GgufValueType.STRING) {
                in.skipString("element " + i + " of metadata array '" + shown(key) + "'");
            } else {
                GgufValueType nested = valueType(in.u32(), key);
                skipElements(nested, arrayLength(nested, key, depth + 1), key, depth + 1);
            }
        }
    }

    private int alignment(Object declared) throws GgufFormatException {
        if (declared == null) {
            return DEFAULT_ALIGNMENT;
        }
        if (!(declared instanceof Number number) || number.longValue() <= 0 || number.longValue() > 1 << 20
                || Long.bitCount(number.longValue()) != 1) {
            throw new GgufFormatException(path, Problem.CORRUPT,
                    "general.alignment must be a power of two up to 2^20, was " + declared);
        }
        return number.intValue();
    }

    private TensorInfo tensorInfo(long index, int alignment) throws GgufFormatException {
        String name = keptString("the name of tensor #" + index);
        long nDims = in.u32();
        if (nDims < 1 || nDims > MAX_DIMS) {
            throw new GgufFormatException(path, Problem.CORRUPT, "tensor '" + shown(name) + "' has " + nDims
                    + " dimensions, expected 1 to " + MAX_DIMS);
        }
        List<Long> dims = new ArrayList<>();
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            long dim = in.i64();
            if (dim < 0 || (dim > 0 && elements > Long.MAX_VALUE / dim)) {
                throw new GgufFormatException(path, Problem.CORRUPT, "tensor '" + shown(name)
                        + "' has an impossible shape");
            }
            elements *= dim;
            dims.add(dim);
        }
        long typeId = in.u32();
        GgmlType type = GgmlType.byId(typeId).orElseThrow(() -> new GgufFormatException(path, Problem.CORRUPT,
                "tensor '" + shown(name) + "' has unknown ggml type " + typeId));
        if (dims.getFirst() % type.blockSize() != 0) {
            throw new GgufFormatException(path, Problem.CORRUPT, "tensor '" + shown(name) + "' has a row of "
                    + dims.getFirst() + " elements, not a multiple of the " + type + " block size " + type.blockSize());
        }
        long offset = in.i64();
        if (offset < 0 || offset % alignment != 0) {
            throw new GgufFormatException(path, Problem.CORRUPT, "tensor '" + shown(name) + "' has offset "
                    + Long.toUnsignedString(offset) + ", not a multiple of the alignment " + alignment);
        }
        long bytes;
        try {
            bytes = type.bytesFor(elements);
        } catch (ArithmeticException e) {
            throw new GgufFormatException(path, Problem.CORRUPT, "tensor '" + shown(name) + "' has " + elements
                    + " elements, more bytes than a file can hold");
        }
        return new TensorInfo(name, dims, type, offset, bytes);
    }

    static long alignUp(long position, int alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }
}
