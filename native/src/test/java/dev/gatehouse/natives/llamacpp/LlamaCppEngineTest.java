package dev.gatehouse.natives.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.manifest.BuiltinModelFiles;
import dev.gatehouse.manifest.gguf.ModelArchitecture;
import dev.gatehouse.manifest.gguf.RandomModelGguf;
import dev.gatehouse.manifest.gguf.GgmlType;
import dev.gatehouse.manifest.gguf.RandomModelSpec;
import dev.gatehouse.natives.EngineEvent;
import dev.gatehouse.natives.EngineGeneration;
import dev.gatehouse.natives.EngineInfo;
import dev.gatehouse.natives.GenerationSettings;
import dev.gatehouse.natives.LlamaLoadOptions;
import dev.gatehouse.natives.NativeException;
import dev.gatehouse.natives.TokenProbability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The FFM engine on the real stories260K model (shipped in the jar) and on generated models of current families. */
class LlamaCppEngineTest {

    private static final List<String> PROMPTS = List.of("Once upon a time", "The little dog", "Lily and Tom went",
            "One day, a big", "The sun was");

    @TempDir
    static Path dir;
    static LlamaCppLibrary lib;
    static LlamaCppEngine stories;

    @BeforeAll
    static void load() {
        lib = CpuBackend.library();
        stories = LlamaCppEngine.open(lib, LlamaLoadOptions.cpu(BuiltinModelFiles.extracted("stories260k"), 512, 4));
    }

    @AfterAll
    static void unload() {
        if (stories != null) stories.close();
    }

    @Test
    void theStoriesModelRunsOnTheCpuBackendOfThePinnedLibrary() throws Exception {
        EngineInfo info = stories.info();
        assertThat(info.engine()).isEqualTo("llama.cpp");
        assertThat(info.backend()).isEqualTo("cpu");
        assertThat(info.libraryVersion()).isEqualTo(LlamaCppLibrary.PINNED_VERSION);
        Generations story = Generations.readAll(stories.start("Once upon a time", GenerationSettings.greedy(30)));
        assertThat(story.text()).contains("Lily");
        assertThat(story.end().hitLimit()).isTrue();
        assertThat(story.end().generatedTokens()).isEqualTo(30);
        assertThat(story.end().promptTokens()).isEqualTo(stories.countPromptTokens("Once upon a time"));
    }

    @Test
    void theEngineReportsTheBuffersLlamaCppAllocatedForTheModel() {
        var allocated = stories.info().allocated();
        // 5 layers x 4 slots x 512 cells x (32 key + 32 value dims) x 2 bytes of f16
        assertThat(allocated.kvCacheBytes()).isEqualTo(5L * 4 * 512 * 64 * 2);
        assertThat(allocated.weightsBytes()).isBetween(1L << 20, 2L << 20); // the 1.2 MB file's tensors
        assertThat(allocated.computeBytes()).isPositive();
        assertThat(allocated.gpuBytes()).isZero();
    }

    @Test
    void theBuffersOfADeepModelAreAllCountedThoughItsLoadLogsDozensOfLinesPerLayer() throws Exception {
        RandomModelSpec tiny = RandomModelSpec.tiny(ModelArchitecture.LLAMA);
        RandomModelSpec deep = new RandomModelSpec(ModelArchitecture.LLAMA, 24, tiny.embedding(), tiny.heads(),
                tiny.kvHeads(), tiny.headSize(), tiny.feedForward(), tiny.vocab(), tiny.context(), 0, 0, null, 1,
                tiny.tensorType());
        Path file = dir.resolve("deep.gguf");
        RandomModelGguf.write(file, deep);
        try (LlamaCppEngine engine = LlamaCppEngine.open(lib, LlamaLoadOptions.cpu(file, 256, 1))) {
            var allocated = engine.info().allocated();
            assertThat(allocated.weightsBytes()).isPositive();
            // 24 layers x 256 cells x (key + value width) x 2 bytes of f16
            assertThat(allocated.kvCacheBytes()).isEqualTo(24L * 256 * 2 * deep.kvWidth() * 2);
        }
    }

    @Test
    void concurrentStreamsInOneBatchProduceTheSameGreedyTextAsSequentialOnes() throws Exception {
        List<String> sequential = new ArrayList<>();
        for (String prompt : PROMPTS) {
            sequential.add(Generations.readAll(stories.start(prompt, GenerationSettings.greedy(40))).text());
        }
        // four slots, five prompts: four run in one batch, the fifth joins when a slot frees
        List<EngineGeneration> started = new ArrayList<>();
        for (String prompt : PROMPTS) started.add(stories.start(prompt, GenerationSettings.greedy(40)));
        ExecutorService readers = Executors.newFixedThreadPool(PROMPTS.size());
        try {
            List<Future<Generations>> concurrent = new ArrayList<>();
            for (EngineGeneration g : started) concurrent.add(readers.submit(() -> Generations.readAll(g)));
            for (int i = 0; i < PROMPTS.size(); i++) {
                assertThat(concurrent.get(i).get().text()).as(PROMPTS.get(i)).isEqualTo(sequential.get(i));
            }
        } finally {
            readers.shutdownNow();
        }
    }

    @Test
    void cancellingAGenerationStopsItLongBeforeItsLimitAndFreesItsSlot() throws Exception {
        int limit = 500;
        EngineGeneration generation = stories.start("Once upon a time", GenerationSettings.greedy(limit));
        int pieces = 0;
        while (pieces < 3 && generation.next() instanceof EngineEvent.Piece) pieces++;
        generation.cancel();
        EngineEvent last;
        do {
            last = generation.next();
        } while (last instanceof EngineEvent.Piece);
        EngineEvent.Finished end = (EngineEvent.Finished) last;
        assertThat(end.cancelled()).isTrue();
        assertThat(end.generatedTokens()).isBetween(3, limit - 1);
        // every slot is free again: as many generations as slots run to their end
        List<EngineGeneration> all = new ArrayList<>();
        for (int i = 0; i < stories.slots(); i++) all.add(stories.start("The cat", GenerationSettings.greedy(5)));
        for (EngineGeneration g : all) assertThat(Generations.readAll(g).end().generatedTokens()).isEqualTo(5);
    }

    @Test
    void logprobsAreTheModelsOwnProbabilitiesAndTheGreedyTokenIsTheMostLikely() throws Exception {
        var settings = new GenerationSettings(20, 0f, 1f, 0, 0f, null, 1f, 0f, 0f, Map.of(), List.of(), true, 5, null);
        Generations g = Generations.readAll(stories.start("Once upon a time", settings));
        assertThat(g.logprobs()).hasSize(20);
        StringBuilder fromTokens = new StringBuilder();
        for (TokenProbability p : g.logprobs()) {
            assertThat(p.logprob()).isLessThanOrEqualTo(0.0);
            assertThat(p.top()).hasSize(5);
            assertThat(p.top().getFirst().token()).isEqualTo(p.token()); // greedy picks the most likely token
            assertThat(p.top().getFirst().logprob()).isEqualTo(p.logprob());
            double mass = p.top().stream().mapToDouble(t -> Math.exp(t.logprob())).sum();
            assertThat(mass).isBetween(0.0, 1.0 + 1e-6);
            for (int i = 1; i < p.top().size(); i++) {
                assertThat(p.top().get(i).logprob()).isLessThanOrEqualTo(p.top().get(i - 1).logprob());
            }
            fromTokens.append(new String(p.bytes(), StandardCharsets.UTF_8));
        }
        assertThat(fromTokens.toString()).isEqualTo(g.text());
    }

    @Test
    void aStopStringEndsTheTextBeforeIt() throws Exception {
        String full = Generations.readAll(stories.start("Once upon a time", GenerationSettings.greedy(30))).text();
        Generations cut = Generations.readAll(stories.start("Once upon a time",
                GenerationSettings.greedy(30).withStop(List.of("Lily"))));
        assertThat(cut.text()).isEqualTo(full.substring(0, full.indexOf("Lily")));
        assertThat(cut.end().hitLimit()).isFalse();
    }

    @Test
    void aGrammarConstrainsEvenTheStoriesModel() throws Exception {
        String grammar = "root ::= \"{\\\"mood\\\": \\\"\" (\"happy\" | \"sad\") \"\\\"}\"";
        var settings = new GenerationSettings(40, 0.8f, 1f, 0, 0f, 7, 1f, 0f, 0f, Map.of(), List.of(), false, 0, grammar);
        Generations g = Generations.readAll(stories.start("Once upon a time", settings));
        assertThat(g.text()).isIn("{\"mood\": \"happy\"}", "{\"mood\": \"sad\"}");
        assertThat(g.end().hitLimit()).isFalse();
    }

    @Test
    void aBrokenGrammarIsRefusedBeforeAnythingStarts() {
        var settings = new GenerationSettings(10, 0f, 1f, 0, 0f, null, 1f, 0f, 0f, Map.of(), List.of(), false, 0,
                "root ::= undefined-rule");
        assertThatThrownBy(() -> stories.start("Once", settings)).isInstanceOfSatisfying(NativeException.class,
                e -> assertThat(e.kind()).isEqualTo(NativeException.Kind.INVALID_ARGUMENT));
    }

    @Test
    void aLogitBiasOfMinusHundredBansAToken() throws Exception {
        Generations free = Generations.readAll(stories.start("Once upon a time", GenerationSettings.greedy(10)));
        var withLogprobs = new GenerationSettings(10, 0f, 1f, 0, 0f, null, 1f, 0f, 0f, Map.of(), List.of(), true, 0, null);
        int first = Generations.readAll(stories.start("Once upon a time", withLogprobs)).logprobs().getFirst().token();
        var banned = new GenerationSettings(10, 0f, 1f, 0, 0f, null, 1f, 0f, 0f, Map.of(first, -100f), List.of(), true,
                0, null);
        Generations g = Generations.readAll(stories.start("Once upon a time", banned));
        assertThat(g.logprobs()).noneMatch(p -> p.token() == first);
        assertThat(g.text()).isNotEqualTo(free.text());
    }

    @Test
    void aPromptLongerThanTheSlotIsAContextOverflow() {
        String longPrompt = "Once upon a time ".repeat(200);
        assertThatThrownBy(() -> stories.start(longPrompt, GenerationSettings.greedy(5)))
                .isInstanceOfSatisfying(NativeException.class,
                        e -> assertThat(e.kind()).isEqualTo(NativeException.Kind.CONTEXT_OVERFLOW))
                .hasMessageContaining("512");
        assertThatThrownBy(() -> stories.start("Once upon a time", GenerationSettings.greedy(600)))
                .isInstanceOfSatisfying(NativeException.class,
                        e -> assertThat(e.kind()).isEqualTo(NativeException.Kind.CONTEXT_OVERFLOW));
    }

    @ParameterizedTest
    @EnumSource(value = ModelArchitecture.class, names = {"QWEN3", "GEMMA3"})
    void currentModelFamiliesTheOldEngineCannotServeLoadAndGenerate(ModelArchitecture architecture) throws Exception {
        Path file = dir.resolve(architecture.ggufName() + ".gguf");
        RandomModelGguf.write(file, RandomModelSpec.tiny(architecture));
        try (LlamaCppEngine engine = LlamaCppEngine.open(lib, LlamaLoadOptions.cpu(file, 256, 2))) {
            Generations g = Generations.readAll(engine.start("hello world", GenerationSettings.greedy(12)));
            assertThat(g.end().generatedTokens()).isBetween(1, 12);
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0"})
    void quantizedModelsLoadAndGiveTheSameGreedyTextInABatchAsAlone(GgmlType type) throws Exception {
        Path file = dir.resolve("llama-" + type + ".gguf");
        RandomModelGguf.write(file, RandomModelSpec.tiny(ModelArchitecture.LLAMA).withTensorType(type));
        try (LlamaCppEngine engine = LlamaCppEngine.open(lib, LlamaLoadOptions.cpu(file, 256, 2))) {
            String alone = Generations.readAll(engine.start("hello world", GenerationSettings.greedy(12))).text();
            var first = engine.start("hello world", GenerationSettings.greedy(12));
            var second = engine.start("hello world", GenerationSettings.greedy(12));
            Generations a = Generations.readAll(first);
            Generations b = Generations.readAll(second);
            assertThat(a.end().generatedTokens()).isBetween(1, 12);
            assertThat(a.text()).isEqualTo(alone);
            assertThat(b.text()).isEqualTo(alone);
        }
    }
}
