package dev.gatehouse.manifest;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * One model as the manifest declares it, after validation.
 *
 * <p>Exactly one of {@code file} and {@code builtin} is set. {@code slots} and {@code context} are null when the
 * manifest leaves them to the runtime (defaults come from the GGUF header and the pool settings).
 *
 * @param id           unique, also the OpenAI {@code model} name
 * @param aliases      other names a request may use
 * @param format       gguf or onnx
 * @param file         file name resolved against the models directory (or absolute), null for builtins
 * @param builtin      name of a model shipped inside the jar (e.g. {@code all-minilm-l6-v2}), or null
 * @param url          optional download location
 * @param sha256       optional expected checksum of the file (lower-case hex)
 * @param tasks        what the model serves
 * @param tier         capability class
 * @param isDefault    the model {@code model: "auto"} goes to for its task
 * @param slots        parallel requests the model serves at once, or null for the default
 * @param context      context length in tokens, or null for the default
 * @param chatTemplate Jinja chat template overriding the one in the GGUF metadata, or null
 * @param serving      queue, keep-alive, pinning and placement hints ({@link ServingHints#NONE} when none)
 * @param engine       the llama.cpp binding for a GGUF model; {@link Engine#AUTO} when the manifest does not say
 * @param kvCacheType  element type of a GGUF model's KV cache ({@link KvCacheType#F16} unless the manifest says)
 * @param flashAttention flash attention for a GGUF model ({@link FlashAttention#AUTO} unless the manifest says)
 */
public record ModelSpec(
        String id,
        List<String> aliases,
        ModelFormat format,
        String file,
        String builtin,
        URI url,
        String sha256,
        Set<TaskKind> tasks,
        Tier tier,
        boolean isDefault,
        Integer slots,
        Integer context,
        String chatTemplate,
        ServingHints serving,
        Engine engine,
        KvCacheType kvCacheType,
        FlashAttention flashAttention) {

    public ModelSpec {
        serving = serving == null ? ServingHints.NONE : serving;
        engine = engine == null ? Engine.AUTO : engine;
        kvCacheType = kvCacheType == null ? KvCacheType.F16 : kvCacheType;
        flashAttention = flashAttention == null ? FlashAttention.AUTO : flashAttention;
        aliases = List.copyOf(aliases);
        tasks = Set.copyOf(tasks);
    }

    /** A spec with the engine settings at their defaults: automatic engine, f16 cache, automatic flash attention. */
    public ModelSpec(String id, List<String> aliases, ModelFormat format, String file, String builtin, URI url,
            String sha256, Set<TaskKind> tasks, Tier tier, boolean isDefault, Integer slots, Integer context,
            String chatTemplate, ServingHints serving) {
        this(id, aliases, format, file, builtin, url, sha256, tasks, tier, isDefault, slots, context, chatTemplate,
                serving, null, null, null);
    }

    /** The same model with another context length (null leaves it to the runtime); every other field is kept. */
    public ModelSpec withContext(Integer newContext) {
        return new ModelSpec(id, aliases, format, file, builtin, url, sha256, tasks, tier, isDefault, slots,
                newContext, chatTemplate, serving, engine, kvCacheType, flashAttention);
    }

    public boolean serves(TaskKind task) {
        return tasks.contains(task);
    }

    public boolean answersTo(String name) {
        return id.equals(name) || aliases.contains(name);
    }
}
