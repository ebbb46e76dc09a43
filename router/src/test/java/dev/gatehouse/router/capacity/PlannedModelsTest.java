package dev.gatehouse.router.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.inference.placement.PlannedModel;
import dev.gatehouse.manifest.KvCacheType;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import dev.gatehouse.manifest.memory.EstimateRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannedModelsTest {
    @TempDir
    Path dir;

    @Test
    void theManifestsKvCacheTypeSizesTheCacheWhateverThePlannerAsksFor() throws Exception {
        RandomLlamaGguf.write(dir.resolve("tiny.gguf"), RandomLlamaSpec.tiny());
        var manifest = ManifestReader.parse("""
                models:
                  - {id: plain, file: tiny.gguf, tasks: [chat]}
                  - {id: q8, file: tiny.gguf, tasks: [chat], kvCacheType: q8_0}
                  - {id: q4, file: tiny.gguf, tasks: [chat], kvCacheType: q4_0}
                  - {id: wide, file: tiny.gguf, tasks: [chat], kvCacheType: f32}
                """, "t");
        PlannedModels planned = new PlannedModels(dir);
        // the planner's request says f16; each model's own type must win
        EstimateRequest request = new EstimateRequest(1024, 2, KvCacheType.F16, 0);

        long f16 = kvBytes(planned.of(spec(manifest, "plain")), request);

        assertThat(f16).isPositive();
        assertThat(kvBytes(planned.of(spec(manifest, "q8")), request)).isEqualTo(f16 * 85 / 160);
        assertThat(kvBytes(planned.of(spec(manifest, "q4")), request)).isEqualTo(f16 * 45 / 160);
        assertThat(kvBytes(planned.of(spec(manifest, "wide")), request)).isEqualTo(f16 * 2);
    }

    @Test
    void theBuiltinChatModelIsPlannedFromItsOwnHeader() {
        var manifest = ManifestReader.parse("models:\n  - {id: s, builtin: stories260k, tasks: [chat]}\n", "t");

        PlannedModel stories = new PlannedModels(dir).of(spec(manifest, "s"));

        assertThat(stories.layers()).isEqualTo(5);
        assertThat(stories.trainedContext()).isEqualTo(2048);
    }

    private static ModelSpec spec(dev.gatehouse.manifest.Manifest manifest, String id) {
        return manifest.find(id).orElseThrow();
    }

    private static long kvBytes(PlannedModel model, EstimateRequest request) {
        var estimate = model.estimator().apply(request);
        return estimate.kvCacheGpuBytes() + estimate.kvCacheHostBytes();
    }
}
