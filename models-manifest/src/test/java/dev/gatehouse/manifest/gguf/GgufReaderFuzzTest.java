package dev.gatehouse.manifest.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.manifest.KvCacheType;
import dev.gatehouse.manifest.memory.EstimateRequest;
import dev.gatehouse.manifest.memory.MemoryEstimator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Mutation fuzzing of the GGUF reader: a small valid file that uses every value type, a skipped and a kept array and
 * tensors of three types is damaged (bytes overwritten, header fields set to extreme values, cut anywhere) and read.
 * Each read must either succeed, with every accessor and the memory estimator working on what it returned, or throw
 * {@link GgufFormatException} — never another exception, an allocation out of proportion to the file, or a long
 * loop. Allocation and CPU time are measured per thread: neither needs a sleep or depends on the machine's load.
 */
class GgufReaderFuzzTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static Path dir;
    private static byte[] seed;
    private static int headerBytes;

    @BeforeContainer
    static void writeSeed() throws IOException, GgufFormatException {
        dir = Files.createTempDirectory("gguf-fuzz");
        Path file = dir.resolve("seed.gguf");
        seedWriter().write(file);
        seed = Files.readAllBytes(file);
        headerBytes = (int) GgufReader.read(file).dataOffset();
    }

    @AfterContainer
    static void removeFiles() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Property
    void aHeaderWithRandomBytesOverwrittenIsReadOrRefusedWithATypedError(
            @ForAll("overwrites") List<Overwrite> overwrites) {
        byte[] bytes = seed.clone();
        for (Overwrite o : overwrites) {
            int at = o.position % headerBytes;
            System.arraycopy(o.bytes, 0, bytes, at, Math.min(o.bytes.length, bytes.length - at));
        }
        assertReadOrRefused(bytes);
    }

    @Property
    void aHeaderFieldSetToAnExtremeValueIsReadOrRefusedWithATypedError(
            @ForAll("headerPositions") int position, @ForAll("extremes") long value, @ForAll boolean fourBytes) {
        byte[] bytes = seed.clone();
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (fourBytes) {
            buffer.putInt(Math.min(position, bytes.length - 4), (int) value);
        } else {
            buffer.putLong(Math.min(position, bytes.length - 8), value);
        }
        assertReadOrRefused(bytes);
    }

    @Property
    void aFileCutAnywhereIsRefusedWithATypedError(@ForAll("cuts") int length) {
        byte[] bytes = java.util.Arrays.copyOf(seed, length);
        assertReadOrRefused(bytes);
    }

    @Property
    void randomBytesAfterAValidPreambleAreReadOrRefusedWithATypedError(
            @ForAll @Size(max = 4096) byte[] rest, @ForAll("versions") int version) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("GGUF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(version).put(rest);
        assertReadOrRefused(buffer.array());
    }

    record Overwrite(int position, byte[] bytes) {}

    @Provide
    Arbitrary<List<Overwrite>> overwrites() {
        return Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16)).as(Overwrite::new)
                .list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<Integer> headerPositions() {
        return Arbitraries.integers().between(4, headerBytes - 1);
    }

    /** Values that break length and count checks: signs, widths, the file's own size and its neighbours. */
    @Provide
    Arbitrary<Long> extremes() {
        return Arbitraries.oneOf(
                Arbitraries.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MAX_VALUE, 0xFFFF_FFFFL,
                        1L << 31, 1L << 32, 1L << 40, (long) GgufReader.MAX_KEPT_ARRAY,
                        (long) GgufReader.MAX_KEPT_ARRAY + 1, GgufReader.MAX_ARRAY_LENGTH + 1,
                        GgufReader.MAX_TENSORS + 1, GgufReader.MAX_METADATA_ENTRIES + 1,
                        (long) GgufValueType.ARRAY.ordinal(), 9L, 13L, 30L, 39L, 40L),
                Arbitraries.longs().between(-16, 16).map(d -> seed.length + d),
                Arbitraries.longs());
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, headerBytes + 64),
                Arbitraries.integers().between(0, seed.length - 1));
    }

    @Provide
    Arbitrary<Integer> versions() {
        return Arbitraries.of(2, 3);
    }

    private static void assertReadOrRefused(byte[] bytes) {
        Path file = dir.resolve("fuzzed.gguf");
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        try {
            GgufInfo info = GgufReader.read(file);
            useEverything(info);
        } catch (GgufFormatException e) {
            assertThat(e.path()).isEqualTo(file);
            // the message names the problem; names read from the file are cut, so it stays short
            assertThat(e.getMessage().length()).as(e.getMessage()).isLessThan(file.toString().length() + 400);
        }
        // CPU time, not wall time: a loop shows in it, a machine busy with other work does not
        long millis = (THREADS.getCurrentThreadCpuTime() - cpuBefore) / 1_000_000;
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertThat(millis).as("CPU milliseconds reading a %d-byte file", bytes.length).isLessThan(3_000);
        assertThat(allocated).as("bytes allocated reading a %d-byte file", bytes.length)
                .isLessThan(16L * 1024 * 1024 + 64L * bytes.length); // class loading and stack traces included
    }

    /** Every accessor callers use, and the estimator the planner runs on every GGUF it sees. */
    private static void useEverything(GgufInfo info) {
        info.architecture();
        info.name();
        info.parameterCount();
        info.tensorDataBytes();
        info.headCountKv();
        info.keyLength();
        info.valueLength();
        info.feedForwardLength();
        info.contextLength();
        info.vocabSize();
        info.quantization();
        info.chatTemplate();
        IntStream.range(0, 4).forEach(info::isSlidingWindowLayer);
        for (KvCacheType kv : KvCacheType.values()) {
            MemoryEstimator.estimate(info, new EstimateRequest(512, 2, kv, 0));
            MemoryEstimator.estimate(info, new EstimateRequest(4096, 1, kv, 99));
        }
    }

    /** Every metadata value type, a kept and a skipped string array, numeric arrays and tensors of three types. */
    private static GgufWriter seedWriter() {
        GgufWriter writer = new GgufWriter()
                .putString("general.architecture", "llama")
                .putString("general.name", "fuzz seed")
                .putUint32("general.alignment", 32)
                .putUint32("general.file_type", 1)
                .putUint32("llama.block_count", 2)
                .putUint32("llama.context_length", 512)
                .putUint32("llama.embedding_length", 8)
                .putUint32("llama.feed_forward_length", 16)
                .putUint32("llama.attention.head_count", 2)
                .putUint32("llama.attention.head_count_kv", 1)
                .putUint32("llama.attention.sliding_window", 64)
                .putUint8("u8", 7).putInt8("i8", -7).putUint16("u16", 700).putInt16("i16", -700)
                .putInt32("i32", -70000).putUint64("u64", 1L << 40).putInt64("i64", -(1L << 40))
                .putFloat32("f32", 0.5f).putFloat64("f64", 0.25).putBool("bool", true)
                .putString("tokenizer.chat_template", "{% for m in messages %}{{ m.content }}{% endfor %}")
                .putStringArray("tokenizer.ggml.tokens",
                        IntStream.range(0, GgufReader.MAX_KEPT_ARRAY + 40).mapToObj(i -> "t" + i).toList())
                .putStringArray("short.strings", List.of("a", "bc", ""))
                .putFloat32Array("tokenizer.ggml.scores", new float[] {0.1f, 0.2f, 0.3f})
                .putInt32Array("llama.attention.sliding_window_pattern", new int[] {1, 0});
        writer.addTensor("token_embd.weight", GgmlType.F32, new long[] {8, 4}, i -> i);
        writer.addTensor("blk.0.attn_q.weight", GgmlType.F16, new long[] {8, 8}, i -> -i);
        writer.addTensor("output.weight", GgmlType.F32, new long[] {8, 2, 1}, i -> 1);
        return writer;
    }
}
