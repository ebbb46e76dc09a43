package dev.gatehouse.manifest;

/** Which llama.cpp binding runs a GGUF model ({@code engine} in models.yaml). */
public enum Engine {
    /** Not set in the manifest: llama.cpp when its libraries are installed, else java-llama.cpp. */
    AUTO("auto"),
    /** The llama.cpp shared libraries through the FFM API (GPUs and current architectures). */
    LLAMA_CPP("llama.cpp"),
    /** java-llama.cpp 4.2.0 from Maven (CPU only, llama.cpp b4916). */
    JAVA_LLAMA_CPP("java-llama.cpp");

    private final String wireName;

    Engine(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
