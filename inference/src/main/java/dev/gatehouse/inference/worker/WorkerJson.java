package dev.gatehouse.inference.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.natives.AllocatedBuffers;
import java.io.UncheckedIOException;
import java.util.List;

/** The JSON payloads of the once-per-load and once-per-request worker frames. */
final class WorkerJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private WorkerJson() {}

    /**
     * How to load the model.
     *
     * @param engine         llama.cpp, java-llama.cpp or auto
     * @param libraryDir     the installed llama.cpp libraries, or null when none are installed
     * @param libraryVersion their version, or null
     * @param libraryFiles   libggml-base, libggml and libllama of that build, in load order (empty without libraries)
     */
    record LoadSpec(String file, int context, int slots, int threads, int gpuLayers, String chatTemplate,
                    String engine, String libraryDir, String libraryVersion, List<String> libraryFiles, int mainGpu, List<Float> tensorSplit,
                    String kvCacheType, String flashAttention) {}

    /**
     * What the worker loaded.
     *
     * @param toolCapable whether the model's chat template can express tools
     */
    record LoadedSpec(int contextLength, long pid, String engine, String backend, String libraryVersion,
                      int gpuLayers, boolean toolCapable, AllocatedBuffers allocated) {}

    /** A conversation to count. */
    record CountSpec(List<ChatMessage> messages) {}

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ChatRequest request(String json) {
        return read(json, ChatRequest.class);
    }
}
