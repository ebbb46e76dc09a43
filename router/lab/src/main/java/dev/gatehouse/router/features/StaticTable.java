package dev.gatehouse.router.features;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One vector per word piece, row {@code id} for piece {@code id}, and the name of the recipe that made them (part of
 * every cached vector's and trained model's provenance). Stored as a header (magic, name, rows, dimensions) and
 * little-endian floats, row after row.
 */
public record StaticTable(String name, int rows, int dimensions, float[] values) {
    private static final String MAGIC = "GHSTATIC2";

    public StaticTable {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a static table needs a name");
        if (rows < 1 || dimensions < 1) throw new IllegalArgumentException("rows and dimensions must be >= 1, were " + rows + " x " + dimensions);
        if (values.length != rows * dimensions) {
            throw new IllegalArgumentException(rows + " x " + dimensions + " table but " + values.length + " values");
        }
    }

    /** The unit-length sum of the rows of {@code ids} (zero when they sum to zero); ids outside the table count nothing. */
    public float[] unitSum(long[] ids) {
        float[] sum = new float[dimensions];
        for (long id : ids) {
            if (id < 0 || id >= rows) continue;
            int offset = (int) id * dimensions;
            for (int d = 0; d < dimensions; d++) sum[d] += values[offset + d];
        }
        double norm = 0;
        for (float x : sum) norm += (double) x * x;
        if (norm == 0) return sum;
        float scale = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < dimensions; d++) sum[d] *= scale;
        return sum;
    }

    public static StaticTable read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static StaticTable read(InputStream stream, String source) throws IOException {
        var in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        String magic = in.readUTF();
        if (!MAGIC.equals(magic)) throw new IOException(source + ": not a static table (magic " + magic + ", expected " + MAGIC + ")");
        String name = in.readUTF();
        int rows = in.readInt();
        int dims = in.readInt();
        byte[] body = new byte[Math.multiplyExact(Math.multiplyExact(rows, dims), Float.BYTES)];
        in.readFully(body);
        float[] values = new float[rows * dims];
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return new StaticTable(name, rows, dims, values);
    }

    /** Written beside and renamed, so a reader never sees half a table. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = parent.resolve(file.getFileName() + ".partial");
        var body = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        body.asFloatBuffer().put(values);
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16))) {
            out.writeUTF(MAGIC);
            out.writeUTF(name);
            out.writeInt(rows);
            out.writeInt(dimensions);
            out.write(body.array());
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
