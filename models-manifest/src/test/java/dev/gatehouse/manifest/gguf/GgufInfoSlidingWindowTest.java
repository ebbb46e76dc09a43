package dev.gatehouse.manifest.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How {@link GgufInfo} tells sliding-window layers from global ones, for every way a header can say it. */
class GgufInfoSlidingWindowTest {

    record Case(String name, String architecture, Map<String, Object> scalars, Map<String, GgufArray> arrays,
                List<Boolean> expectedForLayers0To6) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> headers() {
        List<Boolean> fiveLocalOneGlobal = List.of(true, true, true, true, true, false, true);
        List<Boolean> allGlobal = List.of(false, false, false, false, false, false, false);
        return Stream.of(
                new Case("a scalar pattern of 3 makes every third layer global", "gemma3",
                        Map.of("gemma3.attention.sliding_window", 512, "gemma3.attention.sliding_window_pattern", 3),
                        Map.of(), List.of(true, true, false, true, true, false, true)),
                new Case("a gemma3 header without a pattern gets llama.cpp's default of 6", "gemma3",
                        Map.of("gemma3.attention.sliding_window", 512), Map.of(), fiveLocalOneGlobal),
                new Case("an array pattern flags each layer", "gemma3",
                        Map.of("gemma3.attention.sliding_window", 512),
                        Map.of("gemma3.attention.sliding_window_pattern", new GgufArray(GgufValueType.BOOL, 7,
                                List.of(false, true, false, true, false, true, false))),
                        List.of(false, true, false, true, false, true, false)),
                new Case("a pattern of 0 puts every layer in the window", "gemma3",
                        Map.of("gemma3.attention.sliding_window", 512, "gemma3.attention.sliding_window_pattern", 0),
                        Map.of(), List.of(true, true, true, true, true, true, true)),
                new Case("another architecture without a pattern counts every layer as global", "mistral3",
                        Map.of("mistral3.attention.sliding_window", 4096), Map.of(), allGlobal),
                new Case("no window means no sliding-window layer whatever the pattern", "gemma3",
                        Map.of("gemma3.attention.sliding_window_pattern", 6), Map.of(), allGlobal));
    }

    @ParameterizedTest
    @MethodSource("headers")
    void slidingWindowLayersFollowTheHeader(Case header) {
        Map<String, Object> metadata = new HashMap<>(header.scalars());
        metadata.put("general.architecture", header.architecture());
        GgufInfo info = new GgufInfo(Path.of("header.gguf"), 3, 0, 32, 0, metadata, header.arrays(), List.of());

        assertThat(IntStream.range(0, 7).mapToObj(info::isSlidingWindowLayer).toList())
                .isEqualTo(header.expectedForLayers0To6());
    }
}
