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
 */
public final class GgufReader {
    /** Arrays up to this length are kept in full; longer ones (vocabularies) are only counted. */
    static final int MAX_KEPT_ARRAY = 1024;
    static final int DEFAULT_ALIGNMENT = 32;
    private static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    private static final int MAX_DIMS = 4;

    private final Path path;
    private final GgufInput in;

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
        checkCount(tensorCount, 28, "tensor count");
        checkCount(kvCount, 13, "metadata count");

        Map<String, Object> scalars = new LinkedHashMap<>();
        Map<String, GgufArray> arrays = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = in.string("metadata key #" + i);
            GgufValueType type = valueType(in.u32(), key);
            if (type == GgufValueType.ARRAY) {
                arrays.put(key, array(key));
            } else {
                scalars.put(key, scalar(type, key));
            }
        }
        int alignment = alignment(scalars.get("general.alignment"));

        List<TensorInfo> tensors = new ArrayList<>((int) Math.min(tensorCount, 100_000));
        for (long i = 0; i < tensorCount; i++) {
            tensors.add(tensorInfo(i, alignment));
        }
        long dataOffset = alignUp(in.position(), alignment);
        for (TensorInfo tensor : tensors) {
            long end = dataOffset + tensor.offset() + tensor.byteSize();
            if (end > in.size() || end < 0) {
                throw new GgufFormatException(path, Problem.TRUNCATED, "tensor '" + tensor.name()
                        + "' ends at byte " + end + ", beyond the end of the file (" + in.size() + " bytes)");
            }
        }
        return new GgufInfo(path, (int) version, in.size(), alignment, dataOffset, scalars, arrays, tensors);
    }

    private void checkCount(long count, int minBytesEach, String what) throws GgufFormatException {
        if (count < 0 || count > in.remaining() / minBytesEach) {
            throw new GgufFormatException(path, Problem.CORRUPT, what + " " + Long.toUnsignedString(count)
                    + " cannot fit in a file of " + in.size() + " bytes");
        }
    }

    private GgufValueType valueType(long id, String key) throws GgufFormatException {
        return GgufValueType.byId(id).orElseThrow(() -> new GgufFormatException(path, Problem.CORRUPT,
                "metadata '" + key + "' has unknown value type " + id));
    }

    private Object scalar(GgufValueType type, String key) throws GgufFormatException {
        return switch (type) {
            case UINT8 -> in.u8();
            case INT8 -> in.i8();
            case UINT16 -> in.u16();
            case INT16 -> in.i16();
            case UINT32 -> in.u32();
            case INT32 -> in.i32();
            case FLOAT32 -> in.f32();
            case BOOL -> in.u8() != 0;
            case STRING -> in.string("metadata '" + key + "'");
            case UINT64, INT64 -> in.i64();
            case FLOAT64 -> in.f64();
            case ARRAY -> array(key);
        };
    }

    private GgufArray array(String key) throws GgufFormatException {
        GgufValueType elementType = valueType(in.u32(), key);
        long length = in.i64();
        long minBytes = elementType.fixedSize() > 0 ? elementType.fixedSize() : 8;
        if (length < 0 || length > in.remaining() / minBytes) {
            throw new GgufFormatException(path, Problem.TRUNCATED, "metadata array '" + key + "' claims "
                    + Long.toUnsignedString(length) + " elements, more than the rest of the file can hold");
        }
        if (length <= MAX_KEPT_ARRAY) {
            List<Object> values = new ArrayList<>((int) length);
            for (long i = 0; i < length; i++) {
                values.add(scalar(elementType, key));
            }
            return new GgufArray(elementType, length, values);
        }
        skipElements(elementType, length, key);
        return new GgufArray(elementType, length, List.of());
    }

    private void skipElements(GgufValueType elementType, long length, String key) throws GgufFormatException {
        if (elementType.fixedSize() > 0) {
            in.skip(length * elementType.fixedSize(), "metadata array '" + key + "'");
            return;
        }
        for (long i = 0; i < length; i++) {
            if (elementType == GgufValueType.STRING) {
                in.skipString("element " + i + " of metadata array '" + key + "'");
            } else {
                GgufValueType nested = valueType(in.u32(), key);
                long nestedLength = in.i64();
                if (nestedLength < 0 || nestedLength > in.remaining()) {
                    throw new GgufFormatException(path, Problem.TRUNCATED, "nested array in '" + key
                            + "' claims more elements than the rest of the file can hold");
                }
                skipElements(nested, nestedLength, key);
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
                    "general.alignment must be a power of two, was " + declared);
        }
        return number.intValue();
    }

    private TensorInfo tensorInfo(long index, int alignment) throws GgufFormatException {
        String name = in.string("the name of tensor #" + index);
        long nDims = in.u32();
        if (nDims < 1 || nDims > MAX_DIMS) {
            throw new GgufFormatException(path, Problem.CORRUPT, "tensor '" + name + "' has " + nDims
                    + " dimensions, expected 1 to " + MAX_DIMS);
        }
        List<Long> dims = new ArrayList<>();
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            long dim = in.i64();
            if (dim < 0 || (dim > 0 && elements > Long.MAX_VALUE / dim)) {
                throw new GgufFormatException(path, Problem.CORRUPT, "tensor '" + name + "' has an impossible shape");
            }
            elements *= dim;
            dims.add(dim);
        }
        long typeId = in.u32();
        GgmlType type = GgmlType.byId(typeId).orElseThrow(() -> new GgufFormatException(path, Problem.CORRUPT,
                "tensor '" + name + "' has unknown ggml type " + typeId));
        if (dims.getFirst() % type.blockSize() != 0) {
            throw new GgufFormatException(path, Problem.CORRUPT, "tensor '" + name + "' has a row of "
                    + dims.getFirst() + " elements, not a multiple of the " + type + " block size " + type.blockSize());
        }
        long offset = in.i64();
        if (offset < 0 || offset % alignment != 0) {
            throw new GgufFormatException(path, Problem.CORRUPT, "tensor '" + name + "' has offset "
                    + Long.toUnsignedString(offset) + ", not a multiple of the alignment " + alignment);
        }
        return new TensorInfo(name, dims, type, offset, type.bytesFor(elements));
    }

    static long alignUp(long position, int alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }
}
