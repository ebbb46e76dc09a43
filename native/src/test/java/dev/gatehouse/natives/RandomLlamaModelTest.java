package dev.gatehouse.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hermetic: a random-weight llama GGUF written into a temp dir, so these run without ../shared. */
class RandomLlamaModelTest {

    private static final String TEMPLATE = "{% for message in messages %}[{{ message['role'] }}] {{ message['content'] }}\n"
            + "{% endfor %}{% if add_generation_prompt %}[assistant] {% endif %}";

    @TempDir
    Path dir;

    @BeforeAll
    static void libraries() {
        TestModels.loadLibraries();
    }

    private LlamaModelHandle open(RandomLlamaSpec spec, int slots) {
        return LlamaModelHandle.open(new LlamaLoadOptions(TestModels.randomLlama(dir, spec), 256, slots, 2, 0, null));
    }

    @Test
    void aRandomWeightModelGeneratesUpToMaxTokens() {
        try (LlamaModelHandle model = open(RandomLlamaSpec.tiny(), 1);
             NativeGeneration generation = model.generate("hello", new Sampling(20, 0.8f, 0.95f, 7, List.of()))) {
            TestModels.readAll(generation);
            assertThat(generation.promptTokens()).isGreaterThan(0);
            // Random weights rarely pick the end token; when they do, fewer tokens and no limit.
            assertThat(generation.generatedTokens()).isBetween(1, 20);
            assertThat(generation.hitLimit()).isEqualTo(generation.generatedTokens() == 20);
            assertThat(model.contextLength()).isEqualTo(256);
        }
    }

    @Test
    void formatChatUsesTheTemplateFromTheGgufMetadata() {
        try (LlamaModelHandle model = open(RandomLlamaSpec.tiny().withChatTemplate(TEMPLATE), 1)) {
            String prompt = model.formatChat(List.of(new ChatTurn("user", "Hi"), new ChatTurn("assistant", "Hello"),
                    new ChatTurn("user", "Bye")));
            assertThat(prompt).isEqualTo("[user] Hi\n[assistant] Hello\n[user] Bye\n[assistant] ");
        }
    }

    @Test
    void aTemplateOverrideReplacesTheOneInTheMetadata() {
        Path file = TestModels.randomLlama(dir, RandomLlamaSpec.tiny());
        try (LlamaModelHandle model = LlamaModelHandle.open(new LlamaLoadOptions(file, 256, 1, 2, 0, TEMPLATE))) {
            assertThat(model.formatChat(List.of(new ChatTurn("user", "Hi")))).isEqualTo("[user] Hi\n[assistant] ");
        }
    }

    @Test
    void cancellingStopsTheGenerationAndTheOnlySlotServesTheNextOne() {
        try (LlamaModelHandle model = open(RandomLlamaSpec.tiny(), 1)) {
            NativeGeneration generation = model.generate("hello", new Sampling(200, 1f, 1f, 3, List.of()));
            generation.nextPiece();
            generation.cancel();
            int counted = generation.generatedTokens();
            assertThat(generation.nextPiece()).isNull();
            assertThat(generation.generatedTokens()).isEqualTo(counted).isLessThan(200);
            try (NativeGeneration next = model.generate("hello", Sampling.greedy(5))) {
                TestModels.readAll(next);
                assertThat(next.generatedTokens()).isBetween(1, 5);
            }
        }
    }

    @Test
    void closingTheModelCancelsItsRunningGenerations() {
        LlamaModelHandle model = open(RandomLlamaSpec.tiny(), 1);
        NativeGeneration generation = model.generate("hello", new Sampling(200, 1f, 1f, 3, List.of()));
        generation.nextPiece();
        model.close();
        assertThat(generation.nextPiece()).isNull();
    }

    @Test
    void useAfterCloseIsAnIllegalStateAndClosingTwiceIsFine() {
        LlamaModelHandle model = open(RandomLlamaSpec.tiny(), 1);
        model.close();
        model.close();
        assertThatThrownBy(() -> model.tokenize("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> model.generate("x", Sampling.greedy(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> model.formatChat(List.of(new ChatTurn("user", "x"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPromptLongerThanTheSlotContextIsAnInvalidArgument() {
        try (LlamaModelHandle model = open(RandomLlamaSpec.tiny(), 1)) {
            String prompt = "hello world ".repeat(300);
            assertThatThrownBy(() -> model.generate(prompt, Sampling.greedy(1)))
                    .isInstanceOfSatisfying(NativeException.class,
                            e -> assertThat(e.kind()).isEqualTo(NativeException.Kind.INVALID_ARGUMENT));
        }
    }
}
