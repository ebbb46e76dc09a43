package dev.gatehouse.natives.llamacpp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.gatehouse.natives.ChatTurn;
import dev.gatehouse.natives.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A llama.cpp model's weights and vocabulary ({@code llama_model}): tokenising, token text, metadata and the chat
 * template. Owned by one {@link LlamaCppEngine}; its methods may be called from any thread (llama.cpp's vocabulary
 * is read-only after load).
 */
final class LlamaCppModel implements AutoCloseable {

    final LlamaCppLibrary lib;
    final MemorySegment model;
    final MemorySegment vocab;
    final int vocabSize;
    private final boolean addsBos;
    /** Each token's bytes, filled on first use: the decode loop asks for every generated token's. */
    private final byte[][] pieces;
    private final String bosText;
    private final String eosText;
    private boolean closed;

    private LlamaCppModel(LlamaCppLibrary lib, MemorySegment model) throws Throwable {
        this.lib = lib;
        this.model = model;
        this.vocab = (MemorySegment) lib.modelGetVocab.invokeExact(model);
        this.vocabSize = (int) lib.vocabNTokens.invokeExact(vocab);
        this.pieces = new byte[vocabSize][];
        this.addsBos = (boolean) lib.vocabGetAddBos.invokeExact(vocab);
        this.bosText = tokenText((int) lib.vocabBos.invokeExact(vocab));
        this.eosText = tokenText((int) lib.vocabEos.invokeExact(vocab));
    }

    /**
     * Checks the file, then loads its weights with {@code gpuLayers} offloaded ({@code tensorSplit}: shares per
     * visible GPU, empty to let llama.cpp split by free memory).
     */
    static LlamaCppModel open(LlamaCppLibrary lib, java.nio.file.Path file, int gpuLayers, int mainGpu,
                              java.util.List<Float> tensorSplit) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new NativeException(NativeException.Kind.MODEL_FILE_MISSING, "model file not found: " + file);
        }
        GgufPreflight.check(file);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = (MemorySegment) lib.modelDefaultParams
                    .invokeExact((java.lang.foreign.SegmentAllocator) arena);
            params.set(JAVA_INT, LlamaStructs.MP_N_GPU_LAYERS, gpuLayers);
            params.set(JAVA_INT, LlamaStructs.MP_MAIN_GPU, mainGpu);
            if (!tensorSplit.isEmpty()) {
                MemorySegment split = arena.allocate(ValueLayout.JAVA_FLOAT, 16); // llama_max_devices() on these builds
                for (int i = 0; i < Math.min(16, tensorSplit.size()); i++) {
                    split.setAtIndex(ValueLayout.JAVA_FLOAT, i, tensorSplit.get(i));
                }
                params.set(ADDRESS, LlamaStructs.MP_TENSOR_SPLIT, split);
            }
            return load(lib, file.toString(), params);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
    }

    /** Loads the weights; {@code params} is a filled {@code llama_model_params}. */
    private static LlamaCppModel load(LlamaCppLibrary lib, String file, MemorySegment params) {
        MemorySegment model;
        try (Arena arena = Arena.ofConfined()) {
            model = (MemorySegment) lib.modelLoadFromFile.invokeExact(arena.allocateFrom(file), params);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
        if (model.equals(MemorySegment.NULL)) {
            throw dev.gatehouse.natives.NativeFailures.classify(new IllegalStateException("llama.cpp could not load the model"),
                    "cannot load model " + file, lib.recentLog());
        }
        try {
            return new LlamaCppModel(lib, model);
        } catch (Throwable t) {
            try {
                lib.modelFree.invokeExact(model);
            } catch (Throwable ignored) {
                // already failing
            }
            throw LlamaCppLibrary.rethrow(t);
        }
    }

    /** The model's tokens for {@code text}; special-token text such as {@code <|im_start|>} is parsed as such. */
    int[] tokenize(String text, boolean addSpecial) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(utf8.length + 1L);
            MemorySegment.copy(utf8, 0, bytes, ValueLayout.JAVA_BYTE, 0, utf8.length);
            int capacity = utf8.length + 8;
            MemorySegment tokens = arena.allocate(JAVA_INT, capacity);
            int n = (int) lib.tokenize.invokeExact(vocab, bytes, utf8.length, tokens, capacity, addSpecial, true);
            if (n < 0) {
                capacity = -n;
                tokens = arena.allocate(JAVA_INT, capacity);
                n = (int) lib.tokenize.invokeExact(vocab, bytes, utf8.length, tokens, capacity, addSpecial, true);
            }
            if (n < 0) {
                throw new NativeException(NativeException.Kind.INVALID_ARGUMENT, "tokenisation failed (" + n + ")");
            }
            return tokens.asSlice(0, n * 4L).toArray(JAVA_INT);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
    }

    /**
     * Tokens the model reads for a rendered prompt: BOS is added when the vocabulary asks for it, unless the
     * template already wrote it (many templates start with {@code {{ bos_token }}}; two BOS tokens hurt quality).
     */
    int[] tokenizePrompt(String prompt) {
        boolean templateWroteBos = !bosText.isEmpty() && prompt.startsWith(bosText);
        return tokenize(prompt, addsBos && !templateWroteBos);
    }

    /**
     * The bytes of one token as generated text (special tokens rendered, since tool-call formats use them). Callers
     * must not change the array. Racing first uses compute the same bytes, so no lock is needed.
     */
    byte[] pieceBytes(int token) {
        byte[] known = token >= 0 && token < vocabSize ? pieces[token] : null;
        if (known != null) return known;
        byte[] bytes = renderPiece(token);
        if (token >= 0 && token < vocabSize) pieces[token] = bytes;
        return bytes;
    }

    private byte[] renderPiece(int token) {
        try (Arena arena = Arena.ofConfined()) {
            int capacity = 64;
            MemorySegment buffer = arena.allocate(capacity);
            int n = (int) lib.tokenToPiece.invokeExact(vocab, token, buffer, capacity, 0, true);
            if (n < 0) {
                capacity = -n;
                buffer = arena.allocate(capacity);
                n = (int) lib.tokenToPiece.invokeExact(vocab, token, buffer, capacity, 0, true);
            }
            return n <= 0 ? new byte[0] : buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
    }

    boolean isEndOfGeneration(int token) {
        try {
            return (boolean) lib.vocabIsEog.invokeExact(vocab, token);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
    }

    String bosText() {
        return bosText;
    }

    String eosText() {
        return eosText;
    }

    /** The GGUF's default chat template, or null. */
    String chatTemplate() {
        try (Arena arena = Arena.ofConfined()) {
            return LlamaCppLibrary.string((MemorySegment) lib.modelChatTemplate.invokeExact(model, MemorySegment.NULL));
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
    }

    /** A metadata value as text, or null when the key is absent. */
    String metadata(String key) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(key);
            int size = 256;
            MemorySegment buffer = arena.allocate(size);
            int n = (int) lib.modelMetaValStr.invokeExact(model, name, buffer, (long) size);
            if (n < 0) return null;
            if (n >= size) {
                buffer = arena.allocate(n + 1L);
                n = (int) lib.modelMetaValStr.invokeExact(model, name, buffer, (long) (n + 1));
            }
            return buffer.getString(0);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
    }

    int layers() {
        try {
            return (int) lib.modelNLayer.invokeExact(model);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
    }

    /**
     * A conversation rendered by llama.cpp's built-in template support ({@code llama_chat_apply_template}), which
     * recognises the common templates by pattern; ChatML when it recognises nothing.
     */
    String applyBuiltinTemplate(String template, List<ChatTurn> turns) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment chat = arena.allocate(LlamaStructs.CHAT_MESSAGE, Math.max(1, turns.size()));
            for (int i = 0; i < turns.size(); i++) {
                chat.set(ADDRESS, i * 16L, arena.allocateFrom(turns.get(i).role()));
                chat.set(ADDRESS, i * 16L + 8, arena.allocateFrom(turns.get(i).content()));
            }
            long chars = turns.stream().mapToLong(t -> t.content().length() + 32L).sum();
            int capacity = (int) Math.min(Integer.MAX_VALUE - 1, 2 * chars + 256);
            MemorySegment tmpl = template == null ? MemorySegment.NULL : arena.allocateFrom(template);
            for (int attempt = 0; attempt < 2; attempt++) {
                MemorySegment buffer = arena.allocate(capacity);
                int n = (int) lib.chatApplyTemplate.invokeExact(tmpl, chat, (long) turns.size(), true, buffer, capacity);
                if (n < 0) {
                    if (template != null) return applyBuiltinTemplate(null, turns) /* unknown template: ChatML */;
                    throw new NativeException(NativeException.Kind.INVALID_ARGUMENT, "chat template failed");
                }
                if (n <= capacity) {
                    return new String(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
                }
                capacity = n;
            }
            throw new NativeException(NativeException.Kind.INVALID_ARGUMENT, "chat template kept growing");
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
    }

    private String tokenText(int token) {
        if (token < 0 || token >= vocabSize) return "";
        return new String(pieceBytes(token), StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            lib.modelFree.invokeExact(model);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
    }

}
