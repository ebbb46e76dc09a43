package dev.gatehouse.router.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A server started again (a test's, a reload's) with the same examples on MiniLM reuses the fitted classifier. */
class TaskClassifierReuseTest {

    @Test
    void theSameExamplesOnMiniLmGiveTheSameFittedClassifierAndChangedExamplesAFreshOne() {
        Map<String, List<String>> examples = new LinkedHashMap<>();
        examples.put("coding", List.of("fix this python function", "write a sql query joining two tables"));
        examples.put("math", List.of("solve 3x + 4 = 19", "integrate x squared from 0 to 2"));
        try (MiniLmEmbedder miniLm = MiniLmEmbedder.open()) {
            TaskClassifier first = TaskClassifier.build(examples, miniLm);
            assertThat(TaskClassifier.build(new LinkedHashMap<>(examples), miniLm)).isSameAs(first);

            Map<String, List<String>> more = new LinkedHashMap<>(examples);
            more.put("creative", List.of("write a poem about the sea", "a short story about a lost key"));
            TaskClassifier refitted = TaskClassifier.build(more, miniLm);
            assertThat(refitted).isNotSameAs(first);
            assertThat(refitted.categories()).contains("creative");
        }
    }

    @Test
    void anotherMethodOnTheSameExamplesIsFittedAfreshWithThatMethod() {
        Map<String, List<String>> examples = new LinkedHashMap<>();
        examples.put("coding", List.of("fix this python function", "write a sql query joining two tables"));
        examples.put("math", List.of("solve 3x + 4 = 19", "integrate x squared from 0 to 2"));
        try (MiniLmEmbedder miniLm = MiniLmEmbedder.open()) {
            TaskClassifier blended = TaskClassifier.build(examples, miniLm);
            TaskClassifier stacked = TaskClassifier.build(examples, miniLm, TaskClassifier.Method.STACKED);
            assertThat(blended.method()).isEqualTo(TaskClassifier.DEFAULT_METHOD);
            assertThat(stacked).isNotSameAs(blended);
            assertThat(stacked.method()).isEqualTo(TaskClassifier.Method.STACKED);
            assertThat(TaskClassifier.build(examples, miniLm, TaskClassifier.Method.STACKED)).isSameAs(stacked);
        }
    }

    @Test
    void anEmbedderThatIsNotMiniLmIsFittedEveryTime() {
        Map<String, List<String>> examples = Map.of("coding", List.of("fix this python function"),
                "math", List.of("solve 3x + 4 = 19"));
        TextEmbedder hashed = new TextEmbedder() {
            @Override
            public float[] embed(String text) {
                float[] v = new float[8];
                v[Math.floorMod(text.hashCode(), 8)] = 1;
                return v;
            }

            @Override
            public int dimensions() {
                return 8;
            }
        };
        assertThat(TaskClassifier.build(examples, hashed)).isNotSameAs(TaskClassifier.build(examples, hashed));
    }
}
