package dev.gatehouse.natives.backends;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A small jar laid out like com.microsoft.onnxruntime:onnxruntime_gpu 1.23.2 (listed with unzip -l): Java classes,
 * then {@code ai/onnxruntime/native/linux-x64/} with the runtime, the JNI binding and the shared, CUDA and TensorRT
 * providers, and the same for {@code win-x64}. Each library holds "\u007fELF " and its own name.
 */
final class TestOnnxGpuJar {

    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    /** The full layout. */
    static TestOnnxGpuJar like1232() {
        TestOnnxGpuJar jar = new TestOnnxGpuJar()
                .file("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
                .file("ai/onnxruntime/OrtSession.class", "\u00ca\u00fe\u00ba\u00be")
                .directory("ai/onnxruntime/native/linux-x64/");
        for (String library : new String[] {"libonnxruntime.so", "libonnxruntime4j_jni.so",
                "libonnxruntime_providers_cuda.so", "libonnxruntime_providers_shared.so",
                "libonnxruntime_providers_tensorrt.so"}) {
            jar.file("ai/onnxruntime/native/linux-x64/" + library, "\u007fELF " + library);
        }
        jar.directory("ai/onnxruntime/native/win-x64/");
        for (String library : new String[] {"onnxruntime.dll", "onnxruntime4j_jni.dll",
                "onnxruntime_providers_cuda.dll", "onnxruntime_providers_shared.dll"}) {
            jar.file("ai/onnxruntime/native/win-x64/" + library, "MZ " + library);
        }
        return jar.file("GIT_COMMIT_ID", "a83fc4d58cb48eb68890dd689f94f28288cf2278\n");
    }

    TestOnnxGpuJar file(String name, String text) {
        entries.put(name, text.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    TestOnnxGpuJar directory(String name) {
        entries.put(name, null);
        return this;
    }

    TestOnnxGpuJar without(String name) {
        entries.remove(name);
        return this;
    }

    byte[] jar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                if (entry.getValue() != null) {
                    zip.write(entry.getValue());
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
