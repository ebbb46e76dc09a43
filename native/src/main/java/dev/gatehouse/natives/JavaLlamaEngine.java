package dev.gatehouse.natives;

import dev.gatehouse.manifest.gguf.GgufFormatException;
import dev.gatehouse.manifest.gguf.GgufInfo;
import dev.gatehouse.manifest.gguf.GgufReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The Maven-only fallback engine: java-llama.cpp 4.2.0 (llama.cpp b4916, CPU only). It needs no download, but it
 * cannot load current model families, batch, return logprobs or constrain output; asking for those is refused with
 * {@link NativeException.Kind#UNSUPPORTED_OPTION} rather than ignored.
 */
public final class JavaLlamaEngine implements ChatEngine {

    public static final String LIBRARY_VERSION = "4.2.0 (llama.cpp b4916)";

    /**
     * Architectures llama.cpp b4916 loads and runs. Anything else is refused before loading: it either fails with
     * "unknown model architecture" or, as gemma3 files do, crashes the process in the warm-up run.
     */
    static final java.util.Set<String> ARCHITECTURES = java.util.Set.of("llama", "qwen2", "gemma", "gemma2", "phi2",
            "phi3", "gpt2", "granite", "olmo2", "deepseek2", "rwkv6", "rwkv7", "t5", "bert");

    private final LlamaModelHandle handle;
    private final String chatTemplate;
    private final String bosToken;
    private final String eosToken;

    private JavaLlamaEngine(LlamaModelHandle handle, String chatTemplate, String bosToken, String eosToken) {
        this.handle = handle;
        this.chatTemplate = chatTemplate;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
    }

    /** Loads the model with java-llama.cpp; the JNI library must be loaded first ({@link NativeLibraries}). */
    public static JavaLlamaEngine open(LlamaLoadOptions options) {
        if (options.gpuLayers() > 0) {
            throw new NativeException(NativeException.Kind.UNSUPPORTED_OPTION, "java-llama.cpp runs on the CPU only; "
                    + "gpuLayers " + options.gpuLayers() + " needs engine llama.cpp (./gatehouse backends install cuda)");
        }
        if (!options.kvCacheType().equals("f16") || options.flashAttention().equals("on")) {
            throw new NativeException(NativeException.Kind.UNSUPPORTED_OPTION, "java-llama.cpp supports kvCacheType "
                    + "f16 and flashAttention auto/off only; use engine llama.cpp for " + options.kvCacheType()
                    + "/" + options.flashAttention());
        }
        GgufInfo gguf = readHeader(options);
        if (!ARCHITECTURES.contains(gguf.architecture())) {
            throw new NativeException(NativeException.Kind.UNSUPPORTED_ARCHITECTURE, "architecture '"
                    + gguf.architecture() + "' of " + options.file() + " needs engine llama.cpp; java-llama.cpp "
                    + "(llama.cpp of March 2025) runs " + new java.util.TreeSet<>(ARCHITECTURES)
                    + " (./gatehouse backends install cpu)");
        }
        LlamaModelHandle handle = LlamaModelHandle.open(options);
        String template = options.chatTemplateOverride() != null ? options.chatTemplateOverride()
                : gguf.metadata().get("tokenizer.chat_template") instanceof String s ? s : null;
        return new JavaLlamaEngine(handle, template, tokenText(gguf, "tokenizer.ggml.bos_token_id"),
                tokenText(gguf, "tokenizer.ggml.eos_token_id"));
    }

    @Override
    public EngineInfo info() {
        return new EngineInfo(EngineInfo.JAVA_LLAMA_CPP, "cpu", LIBRARY_VERSION, 0, AllocatedBuffers.UNKNOWN);
    }

    @Override
    public int contextLength() {
        return handle.contextLength();
    }

    @Override
    public int slots() {
        return handle.slots();
    }

    @Override
    public String chatTemplate() {
        return chatTemplate;
    }

    @Override
    public String bosToken() {
        return bosToken;
    }

    @Override
    public String eosToken() {
        return eosToken;
    }

    @Override
    public String formatChat(List<ChatTurn> turns) {
        return handle.formatChat(turns);
    }

    @Override
    public int countPromptTokens(String prompt) {
        return handle.countPromptTokens(prompt);
    }

    @Override
    public EngineGeneration start(String prompt, GenerationSettings settings) {
        List<String> unsupported = new ArrayList<>();
        if (settings.logprobs()) unsupported.add("logprobs");
        if (settings.grammar() != null) unsupported.add("response_format");
        if (!settings.logitBias().isEmpty()) unsupported.add("logit_bias");
        if (settings.topK() != 0) unsupported.add("top_k");
        if (settings.minP() != 0f) unsupported.add("min_p");
        if (settings.repeatPenalty() != 1f) unsupported.add("repeat_penalty");
        if (settings.frequencyPenalty() != 0f) unsupported.add("frequency_penalty");
        if (settings.presencePenalty() != 0f) unsupported.add("presence_penalty");
        if (!unsupported.isEmpty()) {
            throw new NativeException(NativeException.Kind.UNSUPPORTED_OPTION, String.join(", ", unsupported)
                    + ": engine java-llama.cpp cannot honour them; declare engine: llama.cpp for this model "
                    + "(./gatehouse backends install cpu)");
        }
        int promptTokens = handle.countPromptTokens(prompt);
        int limit = handle.contextLength();
        if (promptTokens >= limit || (settings.maxTokens() != null && promptTokens + settings.maxTokens() > limit)) {
            throw new NativeException(NativeException.Kind.CONTEXT_OVERFLOW, "the prompt has " + promptTokens
                    + " tokens" + (settings.maxTokens() == null ? "" : " and max_tokens asks for " + settings.maxTokens())
                    + "; a slot's context holds " + limit);
        }
        int maxTokens = settings.maxTokens() != null ? settings.maxTokens() : limit - promptTokens;
        Sampling sampling = new Sampling(maxTokens, settings.temperature(), settings.topP(), settings.seed(),
                settings.stop());
        NativeGeneration generation = handle.generate(prompt, sampling);
        return new EngineGeneration() {
            private boolean cancelled;

            @Override
            public int promptTokens() {
                return generation.promptTokens();
            }

            @Override
            public EngineEvent next() {
                String piece = generation.nextPiece();
                if (piece != null) return new EngineEvent.Piece(piece, List.of());
                return new EngineEvent.Finished(generation.hitLimit(), cancelled, generation.promptTokens(),
                        generation.generatedTokens());
            }

            @Override
            public void cancel() {
                cancelled = true;
                generation.cancel();
            }

            @Override
            public void close() {
                generation.close();
            }
        };
    }

    @Override
    public void close() {
        handle.close();
    }

    private static GgufInfo readHeader(LlamaLoadOptions options) {
        try {
            return GgufReader.read(options.file());
        } catch (GgufFormatException e) {
            throw new NativeException(NativeException.Kind.MODEL_FILE_CORRUPT, "invalid model file " + e.getMessage(), e);
        }
    }

    private static String tokenText(GgufInfo gguf, String idKey) {
        Object id = gguf.metadata().get(idKey);
        var tokens = gguf.arrays().get("tokenizer.ggml.tokens");
        // long vocabularies are not kept by the header reader; templates then get "" for the token
        if (id instanceof Number n && tokens != null && n.intValue() >= 0 && n.intValue() < tokens.values().size()) {
            return String.valueOf(tokens.values().get(n.intValue()));
        }
        return "";
    }
}
