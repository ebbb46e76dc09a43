package dev.gatehouse.natives.llamacpp;

import dev.gatehouse.natives.AllocatedBuffers;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The buffer sizes llama.cpp logs while it loads a model and creates its context ("CPU_Mapped model buffer size =
 * 1.12 MiB", "CUDA0 KV buffer size = ...", "CPU compute buffer size = ..."): the only place the C API tells them.
 */
final class BufferReport {

    private static final Pattern LINE = Pattern.compile(
            "(\\S+)\\s+(model|KV|compute) buffer size =\\s+([0-9.]+) MiB");

    private BufferReport() {}

    static AllocatedBuffers parse(String log) {
        long weights = 0, kv = 0, compute = 0, gpu = 0;
        boolean any = false;
        Matcher m = LINE.matcher(log);
        while (m.find()) {
            any = true;
            long bytes = Math.round(Double.parseDouble(m.group(3)) * (1 << 20));
            switch (m.group(2)) {
                case "model" -> weights += bytes;
                case "KV" -> kv += bytes;
                default -> compute += bytes;
            }
            String device = m.group(1);
            if (!device.startsWith("CPU")) gpu += bytes;
        }
        return any ? new AllocatedBuffers(weights, kv, compute, gpu) : AllocatedBuffers.UNKNOWN;
    }
}
