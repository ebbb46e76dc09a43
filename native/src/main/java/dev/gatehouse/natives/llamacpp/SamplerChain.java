package dev.gatehouse.natives.llamacpp;

import dev.gatehouse.natives.GenerationSettings;
import dev.gatehouse.natives.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One generation's llama.cpp sampler chain, in the order llama-server uses: logit bias, penalties, grammar, then
 * top-k, top-p, min-p, temperature and the random draw — or greedy when the temperature is 0. Only the decode loop's
 * thread touches it.
 */
final class SamplerChain implements AutoCloseable {

    /** How many recent tokens the repetition penalties look at (llama-server's default). */
    private static final int PENALTY_LAST_N = 64;

    private final LlamaCppLibrary lib;
    private final MemorySegment chain;

    private SamplerChain(LlamaCppLibrary lib, MemorySegment chain) {
        this.lib = lib;
        this.chain = chain;
    }

    static SamplerChain create(LlamaCppLibrary lib, MemorySegment vocab, int vocabSize, GenerationSettings s) {
        MemorySegment chain;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = (MemorySegment) lib.samplerChainDefaultParams.invokeExact((java.lang.foreign.SegmentAllocator) arena);
            params.set(java.lang.foreign.ValueLayout.JAVA_BOOLEAN, 0, true); // no_perf
            chain = (MemorySegment) lib.samplerChainInit.invokeExact(params);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
        SamplerChain result = new SamplerChain(lib, chain);
        try {
            if (!s.logitBias().isEmpty()) result.add(logitBias(lib, vocabSize, s.logitBias()));
            if (s.repeatPenalty() != 1f || s.frequencyPenalty() != 0f || s.presencePenalty() != 0f) {
                result.add((MemorySegment) lib.samplerInitPenalties.invokeExact(vocabSize, PENALTY_LAST_N,
                        s.repeatPenalty(), s.frequencyPenalty(), s.presencePenalty()));
            }
            if (s.grammar() != null) result.add(grammar(lib, vocab, s.grammar()));
            if (s.temperature() == 0f) {
                result.add((MemorySegment) lib.samplerInitGreedy.invokeExact());
            } else {
                if (s.topK() > 0) result.add((MemorySegment) lib.samplerInitTopK.invokeExact(s.topK()));
                if (s.topP() < 1f) result.add((MemorySegment) lib.samplerInitTopP.invokeExact(s.topP(), 1L));
                if (s.minP() > 0f) result.add((MemorySegment) lib.samplerInitMinP.invokeExact(s.minP(), 1L));
                result.add((MemorySegment) lib.samplerInitTemp.invokeExact(s.temperature()));
                int seed = s.seed() != null ? s.seed() : ThreadLocalRandom.current().nextInt();
                result.add((MemorySegment) lib.samplerInitDist.invokeExact(seed));
            }
        } catch (RuntimeException | Error e) {
            result.close();
            throw e;
        } catch (Throwable t) {
            result.close();
            throw LlamaCppLibrary.rethrow(t);
        }
        return result;
    }

    private static MemorySegment logitBias(LlamaCppLibrary lib, int vocabSize, Map<Integer, Float> bias) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate(LlamaStructs.LOGIT_BIAS, bias.size());
            int i = 0;
            for (Map.Entry<Integer, Float> entry : bias.entrySet()) {
                if (entry.getKey() < 0 || entry.getKey() >= vocabSize) {
                    throw new NativeException(NativeException.Kind.INVALID_ARGUMENT, "logit_bias names token "
                            + entry.getKey() + ", the model's vocabulary has tokens 0.." + (vocabSize - 1));
                }
                array.set(java.lang.foreign.ValueLayout.JAVA_INT, i * 8L, entry.getKey());
                array.set(java.lang.foreign.ValueLayout.JAVA_FLOAT, i * 8L + 4, entry.getValue());
                i++;
            }
            // llama.cpp copies the array
            return (MemorySegment) lib.samplerInitLogitBias.invokeExact(vocabSize, bias.size(), array);
        }
    }

    private static MemorySegment grammar(LlamaCppLibrary lib, MemorySegment vocab, String gbnf) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sampler = (MemorySegment) lib.samplerInitGrammar.invokeExact(vocab,
                    arena.allocateFrom(gbnf), arena.allocateFrom("root"));
            if (sampler.equals(MemorySegment.NULL)) {
                String log = lib.recentLog();
                throw new NativeException(NativeException.Kind.INVALID_ARGUMENT, "llama.cpp rejected the grammar: "
                        + lastLines(log, 3));
            }
            return sampler;
        }
    }

    private static String lastLines(String text, int n) {
        String[] lines = text.strip().split("\n");
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - n), lines.length));
    }

    private void add(MemorySegment sampler) throws Throwable {
        lib.samplerChainAdd.invokeExact(chain, sampler); // the chain owns it from here
    }

    /** Samples the token at batch output {@code index} and advances every sampler's state (grammar, penalties). */
    int sample(MemorySegment context, int index) {
        try {
            return (int) lib.samplerSample.invokeExact(chain, context, index);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
    }

    @Override
    public void close() {
        try {
            lib.samplerFree.invokeExact(chain);
        } catch (Throwable t) {
            throw LlamaCppLibrary.rethrow(t);
        }
    }
}
