package dev.gatehouse.natives.backends;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Builds small tar and .tgz archives in memory, header by header, the way npm's packer lays them out. */
final class TestTarball {

    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

    TestTarball file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    TestTarball file(String name, byte[] content) {
        header(name, '0', content.length, "");
        data(content);
        return this;
    }

    TestTarball symlink(String name, String target) {
        header(name, '2', 0, "");
        return rewriteLink(target);
    }

    TestTarball directory(String name) {
        header(name, '5', 0, "");
        return this;
    }

    /** A file whose name travels in a pax extended header, as tar does for names longer than 100 bytes. */
    TestTarball paxFile(String name, String content) {
        byte[] record = paxRecord("path", name);
        header("PaxHeader/long", 'x', record.length, "");
        data(record);
        return file("placeholder-name", content);
    }

    /** A header followed by no data at all: the archive ends where its content should be. */
    TestTarball truncatedFile(String name, int claimedSize) {
        header(name, '0', claimedSize, "");
        return this;
    }

    byte[] tar() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(tar.toByteArray());
        copy.writeBytes(new byte[1024]); // two zero blocks end an archive
        return copy.toByteArray();
    }

    byte[] tgz() {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gz.toByteArray();
    }

    /**
     * A minimal stand-in for {@code @node-llama-cpp/linux-x64}: the three core libraries, a ggml backend, a symlink,
     * the build metadata and files not to copy.
     */
    static TestTarball cpuPackage() {
        return new TestTarball()
                .file("package/package.json", "{\"name\":\"@node-llama-cpp/linux-x64\",\"version\":\"3.22.1\"}")
                .file("package/dist/index.js", "export const binsDir = 'bins';")
                .file("package/bins/linux-x64/_nlcBuildMetadata.json",
                        "{\"buildOptions\":{\"llamaCpp\":{\"repo\":\"ggml-org/llama.cpp\",\"release\":\"b6600\"}}}")
                .file("package/bins/linux-x64/llama-addon.node", "node addon, not for us")
                .file("package/bins/linux-x64/libggml-base.so", "\u007fELF ggml base")
                .file("package/bins/linux-x64/libggml.v0.5.0.so", "\u007fELF ggml")
                .file("package/bins/linux-x64/libggml-cpu-x64.so", "\u007fELF ggml cpu")
                .file("package/bins/linux-x64/libllama-common.so", "\u007fELF common")
                .file("package/bins/linux-x64/libllama.v0.5.0.so", "\u007fELF llama")
                .symlink("package/bins/linux-x64/libllama.so.0", "libllama.v0.5.0.so");
    }

    /** The layout of {@code @node-llama-cpp/linux-x64-vulkan}: its own bins directory and library names. */
    static TestTarball vulkanPackage() {
        return new TestTarball()
                .file("package/bins/linux-x64-vulkan/libggml-base.so", "\u007fELF ggml base")
                .file("package/bins/linux-x64-vulkan/libggml.vulkan.v0.5.0.so", "\u007fELF ggml")
                .file("package/bins/linux-x64-vulkan/libggml-vulkan.so", "\u007fELF ggml vulkan")
                .file("package/bins/linux-x64-vulkan/libllama-common.so", "\u007fELF common")
                .file("package/bins/linux-x64-vulkan/libllama.vulkan.v0.5.0.so", "\u007fELF llama");
    }

    private TestTarball rewriteLink(String target) {
        // the header was written with an empty link name; patch it in and fix the checksum
        byte[] all = tar.toByteArray();
        int start = all.length - 512;
        byte[] link = target.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(link, 0, all, start + 157, link.length);
        writeChecksum(all, start);
        tar.reset();
        tar.writeBytes(all);
        return this;
    }

    private void header(String name, char type, long size, String linkName) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644\0");
        put(h, 108, "0000000\0");
        put(h, 116, "0000000\0");
        put(h, 124, String.format("%011o\0", size));
        put(h, 136, "14754060000\0");
        h[156] = (byte) type;
        put(h, 157, linkName);
        put(h, 257, "ustar\0");
        put(h, 263, "00");
        writeChecksum(h, 0);
        tar.writeBytes(h);
    }

    private void data(byte[] content) {
        tar.writeBytes(content);
        tar.writeBytes(new byte[(512 - content.length % 512) % 512]);
    }

    private static void writeChecksum(byte[] block, int start) {
        for (int i = 148; i < 156; i++) {
            block[start + i] = ' ';
        }
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += block[start + i] & 0xff;
        }
        byte[] digits = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, block, start + 148, 8);
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 100 && offset == 0) {
            throw new IllegalArgumentException("names over 100 bytes need paxFile: " + value);
        }
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    private static byte[] paxRecord(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        int digits = Integer.toString(length).length();
        int total = length + digits;
        if (Integer.toString(total).length() != digits) {
            total++;
        }
        return (total + body).getBytes(StandardCharsets.UTF_8);
    }
}
