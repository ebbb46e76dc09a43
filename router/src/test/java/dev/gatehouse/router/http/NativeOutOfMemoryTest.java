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
import java.net.http.HttpRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose load runs out of native memory in a real worker process (started under an address-space limit, so
 * llama.cpp's allocation of the KV cache fails as it would on a full machine): the request gets a typed error, the model
 * is marked failed with the reason on {@code /v1/pool}, and the server keeps serving its other models.
 */
class NativeOutOfMemoryTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** 2^23 tokens of KV cache for a generated two-layer llama: 2 GiB, more than the worker may map. */
    static final int CONTEXT_OVER_THE_LIMIT = 1 << 23;
    /** The worker's address-space limit (ulimit -v, KiB): room for a small JVM and the libraries, not for the cache. */
    static final int WORKER_LIMIT_KIB = 1_500_000;

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
        RandomLlamaGguf.write(huge, RandomLlamaSpec.tiny().withContext(CONTEXT_OVER_THE_LIMIT));
        ScriptedLoader others = new ScriptedLoader().with("small", ScriptedChatModel.saying(64, "still here"));
        // the pool caps a context by its own estimate; this loader asks the worker for the file's whole context, as
        // a wrong estimate or memory taken by someone else would, so that llama.cpp itself fails to allocate
        ModelLoader loader = new ModelLoader() {
            @Override
            public LoadedModel load(ModelSpec spec, int slots, int context) {
                if (!spec.id().equals("huge")) return others.load(spec, slots, context);
                return WorkerChatModel.launch("huge", limitedWorker(), WorkerLoad.of(huge,
                        CONTEXT_OVER_THE_LIMIT, 1, 1, 0, null, ChatEngines.LlamaCppLibraries.installed()));
            }
        };
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("small", true, 1),
                RunningGatehouse.chatSpec("huge", false, 1)));
        ModelPool pool = new ModelPool(manifest, new PoolSettings(1, 4, Duration.ofSeconds(5), 256), loader);
        pool.start();
        gatehouse = RunningGatehouse.serve(pool, 1 << 20, Duration.ofMinutes(3));

        // three tries, each a worker process: as asked, half the context, then after unloading idle models
        var refused = gatehouse.send(HttpRequest.newBuilder(gatehouse.uri("/v1/chat/completions"))
                .timeout(Duration.ofMinutes(3)).header("Content-Type", "application/json")
                .header("x-gatehouse-fallbacks", "off") // with fallbacks on, another model would answer
                .POST(HttpRequest.BodyPublishers.ofString(chat("huge"))).build());

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

    /** Workers started through a shell that lowers their address-space limit first: a real allocation failure. */
    private WorkerOptions limitedWorker() {
        try {
            WorkerOptions plain = WorkerOptions.sameJvm(dir.resolve("run"));
            Path wrapper = Files.writeString(dir.resolve("limited-java"), "#!/bin/sh\nulimit -v " + WORKER_LIMIT_KIB
                    + "\nexec '" + plain.javaCommand() + "' \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
            return new WorkerOptions(wrapper, plain.classPath(), List.of("-Xmx64m", "-XX:+UseSerialGC",
                    "-XX:CompressedClassSpaceSize=32m", "-XX:ReservedCodeCacheSize=48m"), plain.socketDir(),
                    plain.logDir(), plain.startTimeout(), Map.of("MALLOC_ARENA_MAX", "2"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }
}
