package dev.gatehouse.router.learning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.features.MiniLmEmbedder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kNN router over the real MiniLM embedding, on a small labelled set: the small model answers greetings and fails
 * proofs, the large one answers both. New prompts of either kind get the outcomes of their neighbours.
 */
class KnnRouterTest {
    static final List<String> TARGETS = List.of("small", "large");
    static final List<String> GREETINGS = List.of("Hello there, how are you today?", "Hi! Nice to meet you.",
            "Good morning, hope you slept well.", "Hey, what's up?", "Thanks so much, have a great day!",
            "Good evening! How was your weekend?", "Hi friend, long time no see.", "Hello, I hope all is well with you.");
    static final List<String> PROOFS = List.of("Prove that there are infinitely many prime numbers.",
            "Prove that the square root of 2 is irrational.", "Show that every finite integral domain is a field.",
            "Prove by induction that the sum of the first n odd numbers is n squared.",
            "Prove that a continuous function on a closed interval attains its maximum.",
            "Show that the group of units of Z/pZ is cyclic for a prime p.",
            "Prove that every bounded monotone sequence of reals converges.",
            "Prove that the harmonic series diverges.");

    static MiniLmEmbedder embedder;

    @BeforeAll
    static void open() {
        embedder = MiniLmEmbedder.open();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    static KnnRouter trained() {
        int n = GREETINGS.size() + PROOFS.size();
        float[][] x = new float[n][];
        double[][] y = new double[n][];
        for (int i = 0; i < GREETINGS.size(); i++) {
            x[i] = embedder.embed(GREETINGS.get(i));
            y[i] = new double[] {1, 1};
        }
        for (int i = 0; i < PROOFS.size(); i++) {
            x[GREETINGS.size() + i] = embedder.embed(PROOFS.get(i));
            y[GREETINGS.size() + i] = new double[] {0, 1};
        }
        return KnnRouter.fit(TARGETS, x, y, Double.NaN, MiniLmEmbedder.NAME, 1);
    }

    @Test
    void aNewProofIsExpectedToFailOnTheSmallModelAndSucceedOnTheLargeOne() {
        double[] e = trained().expected(embedder.embed("Prove that there is no largest even number."));
        assertThat(e[0]).isLessThan(0.4);
        assertThat(e[1]).isGreaterThan(0.9);
    }

    @Test
    void aNewGreetingIsExpectedToSucceedOnTheSmallModel() {
        double[] e = trained().expected(embedder.embed("Hello! How is your day going?"));
        assertThat(e[0]).isGreaterThan(0.7);
    }

    @Test
    void theForecastCarriesTheRelativeBarAndEveryTarget() {
        var forecast = trained().forecast(embedder.embed("Hi there!"), "knn-test");
        assertThat(forecast.expected()).containsOnlyKeys("small", "large");
        assertThat(forecast.bar()).isEqualTo(KnnRouter.DEFAULT_BAR_SHARE * 1.0);
    }

    @Test
    void unknownOutcomesAreNotCountedAsFailures() {
        float[][] x = {embedder.embed(PROOFS.get(0)), embedder.embed(PROOFS.get(1)), embedder.embed(PROOFS.get(2))};
        double[][] y = {{Double.NaN, 1}, {Double.NaN, 1}, {1, Double.NaN}};
        var router = KnnRouter.fit(TARGETS, x, y, 0.5, MiniLmEmbedder.NAME, 1);
        double[] e = router.expected(embedder.embed(PROOFS.get(3)));
        assertThat(e[0]).isEqualTo(1.0);
        assertThat(e[1]).isEqualTo(1.0);
    }

    @Test
    void anArtifactReadBackPredictsExactlyAsTheRouterItWasWrittenFrom(@TempDir Path dir) throws Exception {
        KnnRouter router = trained();
        Path file = dir.resolve("knn.json");
        KnnArtifact.save(router, "test", file);
        KnnRouter loaded = KnnArtifact.load(file);

        float[] query = embedder.embed("Prove that 17 is prime.");
        assertThat(loaded.expected(query)).containsExactly(router.expected(query));
        assertThat(loaded.k()).isEqualTo(router.k());
        assertThat(java.nio.file.Files.readString(file)).doesNotContain("Prove", "Hello");
    }
}
