package dev.gatehouse.manifest;

import dev.gatehouse.manifest.yaml.YamlNode;
import java.util.List;

/**
 * Reads the llama.cpp keys of one model entry ({@code engine}, {@code kvCacheType}, {@code flashAttention}). They
 * only mean something to a GGUF model, so declaring one on an ONNX model is a violation rather than silently ignored.
 */
final class EngineSettingsReader {
    static final List<String> KEYS = List.of("engine", "kvCacheType", "flashAttention");

    /** Absent keys stay null here; {@link ModelSpec} turns them into the defaults. */
    record EngineSettings(Engine engine, KvCacheType kvCacheType, FlashAttention flashAttention) {
        static final EngineSettings DEFAULTS = new EngineSettings(null, null, null);
    }

    private EngineSettingsReader() {
    }

    /** The settings, or null when one of them broke a rule (the violations say which). */
    static EngineSettings read(YamlNode entry, ModelFormat format, List<Violation> violations) {
        int before = violations.size();
        if (format == ModelFormat.ONNX) {
            for (String key : KEYS) {
                if (entry.has(key)) {
                    entry.violation(key, "only gguf models run on llama.cpp; this model is onnx, remove " + key);
                }
            }
            return violations.size() > before ? null : EngineSettings.DEFAULTS;
        }
        Engine engine = entry.wireValue("engine", Engine.values(), Engine::wireName);
        KvCacheType kvCacheType = entry.wireValue("kvCacheType", KvCacheType.values(), KvCacheType::wireName);
        FlashAttention flashAttention = entry.wireValue("flashAttention", FlashAttention.values(),
                FlashAttention::wireName);
        // llama.cpp refuses a quantized V cache without flash attention when it creates the context.
        if (kvCacheType != null && isQuantized(kvCacheType) && flashAttention == FlashAttention.OFF) {
            entry.violation("kvCacheType", "a quantized cache (" + kvCacheType.wireName() + ") needs flash "
                    + "attention; use f16 or f32, or set flashAttention to auto or on");
        }
        return violations.size() > before ? null : new EngineSettings(engine, kvCacheType, flashAttention);
    }

    private static boolean isQuantized(KvCacheType type) {
        return type == KvCacheType.Q8_0 || type == KvCacheType.Q4_0;
    }
}
