package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.LoadedModel;
import dev.gatehouse.inference.ModelLoader;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.inference.worker.WorkerChatModel;
import dev.gatehouse.inference.worker.WorkerLoad;
import dev.gatehouse.inference.worker.WorkerOptions;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import dev.gatehouse.natives.ChatEngines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose load runs out of native memory in a real worker process: the request gets a typed error, the model
 * is marked failed with the reason on {@code /v1/pool}, and the server keeps serving its other models.
 */
class NativeOutOfMemoryTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** 2^30 tokens of KV cache for a generated two-layer llama: 256 GiB in one allocation, more than any machine here. */
    static final int CONTEXT_NO_MACHINE_HAS = 1 << 30;

    @TempDir
    Path dir;
    RunningGatehouse gatehouse;

    @AfterEach
    void stop() {
        if (gatehouse != null) gatehouse.close();
    }

    @Test
    void aLoadThatRunsOutOfNativeMemoryFailsTheModelWithItsReasonAndTheOthersKeepServing() throws Exception {
        Path huge = dir.resolve("huge.gguf");
        RandomLlamaGguf.write(huge, RandomLlamaSpec.tiny().withContext(CONTEXT_NO_MACHINE_HAS));
        ScriptedLoader others = new ScriptedLoader().with("small", ScriptedChatModel.saying(64, "still here"));
        // the pool caps a context by its own estimate; this loader asks the worker for the file's whole context, as
        // a wrong estimate or memory taken by someone else would, so that llama.cpp itself fails to allocate
        ModelLoader loader = new ModelLoader() {
            @Override
            public LoadedModel load(ModelSpec spec, int slots, int context) {
                if (!spec.id().equals("huge")) return others.load(spec, slots, context);
                return WorkerChatModel.launch("huge", WorkerOptions.sameJvm(dir.resolve("run")), WorkerLoad.of(huge,
                        CONTEXT_NO_MACHINE_HAS, 1, 1, 0, null, ChatEngines.LlamaCppLibraries.installed()));
            }
        };
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("small", true, 1),
                RunningGatehouse.chatSpec("huge", false, 1)));
        ModelPool pool = new ModelPool(manifest, new PoolSettings(1, 4, Duration.ofSeconds(5), 256), loader);
        pool.start();
        gatehouse = RunningGatehouse.serve(pool, 1 << 20, Duration.ofMinutes(3));

        var refused = gatehouse.post("/v1/chat/completions", chat("huge"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        JsonNode error = JSON.readTree(refused.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("model_not_ready");
        assertThat(error.get("message").asText()).contains("not enough memory to load huge").contains("OUT_OF_MEMORY")
                .doesNotContain("\tat ");
        JsonNode status = null;
        for (JsonNode m : JSON.readTree(gatehouse.get("/v1/pool").body()).findParents("id")) {
            if (m.get("id").asText().equals("huge")) status = m;
        }
        assertThat(status).as("huge on /v1/pool").isNotNull();
        assertThat(status.get("state").asText()).isEqualTo("failed");
        assertThat(status.get("lastError").asText()).contains("not enough memory");

        var served = gatehouse.post("/v1/chat/completions", chat("small"));
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(served.body()).contains("still here");
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }
}
