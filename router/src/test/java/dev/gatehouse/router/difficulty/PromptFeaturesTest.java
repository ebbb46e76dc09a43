package dev.gatehouse.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptFeaturesTest {
    static double feature(String prompt, String name) {
        return PromptFeatures.of(prompt)[PromptFeatures.NAMES.indexOf(name)];
    }

    @Test
    void optionsBuiltFromTheSameJudgementsShareTheirWords() {
        String compound = """
                Is each statement true?
                A. True, True
                B. False, False
                C. True, False
                D. False, True
                Answer:""";
        String facts = """
                Which planet is largest?
                A. Jupiter
                B. Mars
                C. Venus
                D. Mercury
                Answer:""";

        assertThat(feature(compound, "option_shared_words")).isEqualTo(1.0);
        assertThat(feature(facts, "option_shared_words")).isZero();
    }

    @Test
    void aPromptWithoutOptionsHasNoOptionShape() {
        String prompt = "Write a function that reverses a list.";

        assertThat(feature(prompt, "option_shared_words")).isZero();
        assertThat(feature(prompt, "log_mean_option_chars")).isZero();
    }

    @Test
    void theOptionLengthIsTheLogOfTheMeanCharactersPerOption() {
        String prompt = "Pick one.\nA) abcd\nB) abcdefgh\n";

        assertThat(feature(prompt, "log_mean_option_chars")).isCloseTo(Math.log1p(6), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void everyFeatureHasAName() {
        assertThat(PromptFeatures.of("anything at all")).hasSize(PromptFeatures.NAMES.size());
    }
}
