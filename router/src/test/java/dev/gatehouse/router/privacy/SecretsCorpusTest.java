package dev.gatehouse.router.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every secret in {@code privacy/secrets-corpus.txt} (which the leak test reuses) is found and makes the text restricted. */
class SecretsCorpusTest {
    private static final SensitiveDataScanner SCANNER = new SensitiveDataScanner();

    record Secret(String type, String value, String prompt) {
        @Override
        public String toString() {
            return type + " in \"" + prompt.lines().findFirst().orElse("") + "\"";
        }
    }

    static List<Secret> corpus() throws IOException {
        try (InputStream in = SecretsCorpusTest.class.getResourceAsStream("/privacy/secrets-corpus.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\t"))
                    .map(p -> {
                        String value = p[1].replace("\\n", "\n");
                        return new Secret(p[0], value, p[2].replace("\\n", "\n").replace("{v}", value));
                    }).toList();
        }
    }

    static Stream<Secret> secrets() throws IOException {
        return corpus().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void eachSecretIsFoundAsItsTypeAndMakesTheTextRestricted(Secret s) {
        PrivacyReport report = SCANNER.scan(s.prompt());
        int start = s.prompt().indexOf(s.value());
        int end = start + s.value().length();
        assertThat(report.dataClass()).isEqualTo(DataClass.RESTRICTED);
        assertThat(report.findings()).as("findings %s", report.findings())
                .anySatisfy(f -> {
                    assertThat(f.type()).isEqualTo(s.type());
                    assertThat(f.start()).isLessThan(end);
                    assertThat(f.end()).isGreaterThan(start);
                });
    }

    @Test
    void theCorpusCoversEverySecretType() throws IOException {
        Set<String> covered = corpus().stream().map(Secret::type).collect(Collectors.toSet());
        assertThat(covered).containsAll(EntityTypes.SECRETS);
    }
}
