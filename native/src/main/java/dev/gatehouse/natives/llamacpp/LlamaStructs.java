package dev.gatehouse.natives.llamacpp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Memory layouts of the llama.h structs Gatehouse passes by value, for the library version it pins
 * ({@link LlamaCppLibrary#PINNED_VERSION}). The offsets were read with {@code offsetof} from that version's header;
 * the defaults test reads fields through them and fails if the library disagrees. Only the fields Gatehouse sets are
 * named; the rest are opaque bytes of the right size and alignment.
 */
final class LlamaStructs {

    private LlamaStructs() {}

    /** {@code struct llama_model_params}, 80 bytes. */
    static final StructLayout MODEL_PARAMS = MemoryLayout.structLayout(
            ADDRESS.withName("devices"),
            ADDRESS.withName("tensor_buft_overrides"),
            JAVA_INT.withName("n_gpu_layers"),
            JAVA_INT.withName("split_mode"),
            JAVA_INT.withName("load_mode"),
            JAVA_INT.withName("lazy_mode"),
            JAVA_INT.withName("main_gpu"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("tensor_split"),
            ADDRESS.withName("progress_callback"),
            ADDRESS.withName("progress_callback_user_data"),
            ADDRESS.withName("kv_overrides"),
            JAVA_BOOLEAN.withName("vocab_only"),
            JAVA_BOOLEAN.withName("check_tensors"),
            JAVA_BOOLEAN.withName("use_extra_bufts"),
            JAVA_BOOLEAN.withName("no_host"),
            JAVA_BOOLEAN.withName("no_alloc"),
            JAVA_BOOLEAN.withName("load_mtp"),
            MemoryLayout.paddingLayout(2));

    static final long MP_N_GPU_LAYERS = 16;
    static final long MP_SPLIT_MODE = 20;
    static final long MP_MAIN_GPU = 32;
    static final long MP_TENSOR_SPLIT = 40;

    /** {@code struct llama_context_params}, 160 bytes. */
    static final StructLayout CONTEXT_PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("n_ctx"),
            JAVA_INT.withName("n_batch"),
            JAVA_INT.withName("n_ubatch"),
            JAVA_INT.withName("n_seq_max"),
            JAVA_INT.withName("n_rs_seq"),
            JAVA_INT.withName("n_outputs_max"),
            JAVA_INT.withName("n_outputs_max_per_seq"),
            JAVA_INT.withName("n_threads"),
            JAVA_INT.withName("n_threads_batch"),
            JAVA_INT.withName("ctx_type"),
            JAVA_INT.withName("rope_scaling_type"),
            JAVA_INT.withName("pooling_type"),
            JAVA_INT.withName("attention_type"),
            JAVA_INT.withName("flash_attn_type"),
            JAVA_FLOAT.withName("rope_freq_base"),
            JAVA_FLOAT.withName("rope_freq_scale"),
            JAVA_FLOAT.withName("yarn_ext_factor"),
            JAVA_FLOAT.withName("yarn_attn_factor"),
            JAVA_FLOAT.withName("yarn_beta_fast"),
            JAVA_FLOAT.withName("yarn_beta_slow"),
            JAVA_INT.withName("yarn_orig_ctx"),
            JAVA_FLOAT.withName("defrag_thold"),
            ADDRESS.withName("cb_eval"),
            ADDRESS.withName("cb_eval_user_data"),
            JAVA_INT.withName("type_k"),
            JAVA_INT.withName("type_v"),
            ADDRESS.withName("abort_callback"),
            ADDRESS.withName("abort_callback_data"),
            JAVA_BOOLEAN.withName("embeddings"),
            JAVA_BOOLEAN.withName("offload_kqv"),
            JAVA_BOOLEAN.withName("no_perf"),
            JAVA_BOOLEAN.withName("op_offload"),
            JAVA_BOOLEAN.withName("swa_full"),
            JAVA_BOOLEAN.withName("kv_unified"),
            MemoryLayout.paddingLayout(2),
            ADDRESS.withName("samplers"),
            JAVA_LONG.withName("n_samplers"),
            ADDRESS.withName("ctx_other"));

    static final long CP_N_CTX = 0;
    static final long CP_N_BATCH = 4;
    static final long CP_N_UBATCH = 8;
    static final long CP_N_SEQ_MAX = 12;
    static final long CP_N_THREADS = 28;
    static final long CP_N_THREADS_BATCH = 32;
    static final long CP_POOLING_TYPE = 44;
    static final long CP_FLASH_ATTN_TYPE = 52;
    static final long CP_TYPE_K = 104;
    static final long CP_TYPE_V = 108;
    static final long CP_EMBEDDINGS = 128;
    static final long CP_OFFLOAD_KQV = 129;
    static final long CP_NO_PERF = 130;
    static final long CP_KV_UNIFIED = 133;

    /** {@code struct llama_batch}, 56 bytes: n_tokens and six arrays. */
    static final StructLayout BATCH = MemoryLayout.structLayout(
            JAVA_INT.withName("n_tokens"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("token"),
            ADDRESS.withName("embd"),
            ADDRESS.withName("pos"),
            ADDRESS.withName("n_seq_id"),
            ADDRESS.withName("seq_id"),
            ADDRESS.withName("logits"));

    static final long B_TOKEN = 8;
    static final long B_EMBD = 16;
    static final long B_POS = 24;
    static final long B_N_SEQ_ID = 32;
    static final long B_SEQ_ID = 40;
    static final long B_LOGITS = 48;

    /** {@code struct llama_sampler_chain_params}: one bool. */
    static final StructLayout SAMPLER_CHAIN_PARAMS = MemoryLayout.structLayout(JAVA_BOOLEAN.withName("no_perf"));

    /** {@code struct llama_chat_message}: role and content pointers. */
    static final StructLayout CHAT_MESSAGE = MemoryLayout.structLayout(ADDRESS.withName("role"),
            ADDRESS.withName("content"));

    /** {@code struct llama_logit_bias}: token and bias. */
    static final StructLayout LOGIT_BIAS = MemoryLayout.structLayout(JAVA_INT.withName("token"),
            JAVA_FLOAT.withName("bias"));

    static {
        check(MODEL_PARAMS, 80);
        check(CONTEXT_PARAMS, 160);
        check(BATCH, 56);
        check(LOGIT_BIAS, 8);
        if (JAVA_BYTE.byteSize() != 1) throw new AssertionError();
    }

    private static void check(StructLayout layout, long size) {
        if (layout.byteSize() != size) {
            throw new AssertionError("layout is " + layout.byteSize() + " bytes, llama.h says " + size);
        }
    }
}
