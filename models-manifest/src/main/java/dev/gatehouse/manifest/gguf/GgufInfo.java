package dev.gatehouse.manifest.gguf;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a GGUF header says about a model. Hyper-parameters come from the architecture-prefixed keys
 * ({@code llama.context_length}, …); an int accessor returns 0 when the file does not declare the value.
 *
 * @param path          the file read
 * @param version       GGUF version (2 or 3)
 * @param fileSizeBytes size of the whole file
 * @param alignment     alignment of tensor data ({@code general.alignment}, default 32)
 * @param dataOffset    file offset where tensor data starts
 * @param metadata      every scalar metadata value (Integer, Long, Float, Double, Boolean or String) by key
 * @param arrays        every array metadata value by key; long arrays are counted but not kept
 * @param tensors       tensor descriptions in file order
 */
public record GgufInfo(
        Path path,
        int version,
        long fileSizeBytes,
        int alignment,
        long dataOffset,
        Map<String, Object> metadata,
        Map<String, GgufArray> arrays,
        List<TensorInfo> tensors) {

    /** llama.cpp's sliding-window pattern for gemma3 files that do not declare one: five local layers, one global. */
    private static final int GEMMA3_DEFAULT_PATTERN = 6;

    public GgufInfo {
        metadata = Map.copyOf(metadata);
        arrays = Map.copyOf(arrays);
        tensors = List.copyOf(tensors);
    }

    /** {@code general.architecture}, or "" when the file does not say. */
    public String architecture() {
        return metadata.get("general.architecture") instanceof String s ? s : "";
    }

    public Optional<String> name() {
        return metadata.get("general.name") instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** Sum of the element counts of all tensors. */
    public long parameterCount() {
        return tensors.stream().mapToLong(TensorInfo::elementCount).sum();
    }

    /** Bytes of tensor data (without alignment padding). */
    public long tensorDataBytes() {
        return tensors.stream().mapToLong(TensorInfo::byteSize).sum();
    }

    public int blockCount() {
        return archInt("block_count");
    }

    public int headCount() {
        return archInt("attention.head_count");
    }

    /** Key-value heads; models without grouped-query attention do not declare it and use {@link #headCount()}. */
    public int headCountKv() {
        int kv = archInt("attention.head_count_kv");
        return kv > 0 ? kv : headCount();
    }

    /** Dimensions of one key head: {@code attention.key_length}, else n_embd / n_head as llama.cpp assumes. */
    public int keyLength() {
        int declared = archInt("attention.key_length");
        return declared > 0 ? declared : defaultHeadSize();
    }

    /** Dimensions of one value head: {@code attention.value_length}, else n_embd / n_head. */
    public int valueLength() {
        int declared = archInt("attention.value_length");
        return declared > 0 ? declared : defaultHeadSize();
    }

    /** Tokens a sliding-window layer attends to ({@code attention.sliding_window}); 0 when no layer has a window. */
    public int slidingWindow() {
        return archInt("attention.sliding_window");
    }

    /**
     * Whether {@code layer} attends through the sliding window rather than over the whole context, so that
     * llama.cpp gives it a KV cache of about the window instead of the context. From
     * {@code attention.sliding_window_pattern}: an array of per-layer flags, or n (the last layer of every n is
     * global). Without the key, llama.cpp's default for gemma3 (n = 6) applies; for other architectures every layer
     * counts as global, which overestimates rather than underestimates their cache.
     */
    public boolean isSlidingWindowLayer(int layer) {
        if (slidingWindow() <= 0 || layer < 0) {
            return false;
        }
        String key = architecture() + ".attention.sliding_window_pattern";
        GgufArray flags = arrays.get(key);
        if (flags != null) {
            return layer < flags.values().size() && switch (flags.values().get(layer)) {
                case Boolean b -> b;
                case Number n -> n.longValue() != 0;
                default -> false;
            };
        }
        OptionalLong declared = integer(key);
        long pattern = declared.isPresent() ? declared.getAsLong()
                : architecture().equals(ModelArchitecture.GEMMA3.ggufName()) ? GEMMA3_DEFAULT_PATTERN : 1;
        return pattern == 0 || layer % pattern < pattern - 1;
    }

    public int embeddingLength() {
        return archInt("embedding_length");
    }

    public int feedForwardLength() {
        return archInt("feed_forward_length");
    }

    /** The context length the model was trained with. */
    public int contextLength() {
        return archInt("context_length");
    }

    /** {@code <arch>.vocab_size}, else the length of {@code tokenizer.ggml.tokens}, else 0. */
    public int vocabSize() {
        int declared = archInt("vocab_size");
        if (declared > 0) {
            return declared;
        }
        GgufArray tokens = arrays.get("tokenizer.ggml.tokens");
        return tokens == null ? 0 : (int) Math.min(tokens.length(), Integer.MAX_VALUE);
    }

    /** {@code general.file_type}, llama.cpp's code for the quantization mix. */
    public OptionalLong fileType() {
        return integer("general.file_type");
    }

    /**
     * The quantization as llama.cpp names it ("Q4_K_M", "F16", …): from {@code general.file_type} when present,
     * else the type holding most tensor bytes.
     */
    public String quantization() {
        OptionalLong fileType = fileType();
        if (fileType.isPresent()) {
            Optional<String> name = FileTypeNames.of(fileType.getAsLong());
            if (name.isPresent()) {
                return name.get();
            }
        }
        return dominantTensorType().map(Enum::name).orElse("unknown");
    }

    /** The tensor type holding the most bytes. */
    public Optional<GgmlType> dominantTensorType() {
        Map<GgmlType, Long> bytes = new EnumMap<>(GgmlType.class);
        tensors.forEach(t -> bytes.merge(t.type(), t.byteSize(), Long::sum));
        return bytes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    }

    public Optional<String> chatTemplate() {
        return metadata.get("tokenizer.chat_template") instanceof String s && !s.isBlank()
                ? Optional.of(s) : Optional.empty();
    }

    public Optional<TensorInfo> tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** An integral metadata value of any width. */
    public OptionalLong integer(String key) {
        return switch (metadata.get(key)) {
            case Integer i -> OptionalLong.of(i);
            case Long l -> OptionalLong.of(l);
            case null, default -> OptionalLong.empty();
        };
    }

    private int defaultHeadSize() {
        int heads = headCount();
        return heads > 0 ? embeddingLength() / heads : 0;
    }

    private int archInt(String suffix) {
        OptionalLong value = integer(architecture() + "." + suffix);
        return value.isPresent() ? Math.clamp(value.getAsLong(), 0, Integer.MAX_VALUE) : 0;
    }
}
