package dev.gatehouse.router.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recall before precision where a cue says what follows — phone numbers in any grouping, places that are also English
 * words, secrets named in env dumps, config and code — and no false alarm where it costs nothing (the word "IBAN").
 */
class RecallCuesTest {
    private static final SensitiveDataScanner SCANNER = new SensitiveDataScanner();

    /** {@code expected} is the exact text a finding of {@code type} must cover, or null when none is allowed. */
    record Case(String behaviour, String text, String type, String expected) {
        @Override
        public String toString() {
            return behaviour;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a short number after 'call' is a phone in any grouping", "call 33 93 31", "PHONE_NUMBER", "33 93 31"),
                new Case("filler words may stand between the cue and the number", "you can reach me on 4471-22 tomorrow", "PHONE_NUMBER", "4471-22"),
                new Case("a colon after the cue is skipped", "Tel: 0176 23 45", "PHONE_NUMBER", "0176 23 45"),
                new Case("'number' alone does not make a short number a phone", "the number 12345 is odd", "PHONE_NUMBER", null),
                new Case("four digits after a cue are a time or a count", "call 1630 back", "PHONE_NUMBER", null),
                new Case("digits glued to letters after a cue are no phone", "call 33931ab now", "PHONE_NUMBER", null),
                new Case("an English word after a residence cue is a place", "I live in Reading with my sister", "GPE", "Reading"),
                new Case("an unknown lowercase word after a residence cue is a place", "my friend lives in harburg", "GPE", "harburg"),
                new Case("an ordinary lowercase word after a residence cue is no place", "she lives in fear of storms", "GPE", null),
                new Case("a pronoun after a residence cue is no place", "we moved to the coast", "GPE", null),
                new Case("an ungrammatical nationality plural is found", "we are proud surinameses", "NRP", "surinameses"),
                new Case("a sentence opening with a British spelling is nobody's name", "Summarise the notes from the harbour meeting.", "PERSON", null),
                new Case("a British spelling does not hide a real name", "Please ask Denise about it.", "PERSON", "Denise"),
                new Case("the word IBAN before the number is nobody's name", "Can you check the IBAN DE89 3704 0044 0532 0130 00?", "PERSON", null),
                new Case("a compound env name with PASSWORD holds a secret", "DB_PASSWORD=hunter2", "PASSWORD", "hunter2"),
                new Case("a YAML key ending in TOKEN holds a secret", "GITHUB_TOKEN: 1234abcd", "PASSWORD", "1234abcd"),
                new Case("a camelCase JSON key holds a secret", "{\"clientSecret\": \"xyzzy-42\"}", "PASSWORD", "\"xyzzy-42\""),
                new Case("a header name with api-key holds a secret", "curl -H 'x-api-key: q1w2e3r4t5'", "PASSWORD", "q1w2e3r4t5"),
                new Case("a secret inside a fenced code block is found", "```bash\nexport STRIPE_SECRET=abc123def\n```", "PASSWORD", "abc123def"),
                new Case("an environment variable reference is no secret", "DB_PASSWORD=$DB_PASSWORD_FROM_VAULT", "PASSWORD", null),
                new Case("a count of tokens is no secret", "max_tokens: 512", "PASSWORD", null),
                new Case("an AWS secret key next to an AWS hint is found", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_SECRET_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                new Case("an AWS secret key in an env dump is found", "AWS_ACCESS_KEY_ID=AKIA2WYKP4ILSANJ7C3C\nAWS_SECRET_ACCESS_KEY=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", "AWS_SECRET_KEY", "q8Rz3LmW0pXv7TnB2kYd5HsJ9fGc4AeU1oNi6VtZ"),
                new Case("a git commit hash is no AWS secret", "aws deploy of a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", "AWS_SECRET_KEY", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cuesDecideWhatFollows(Case c) {
        List<String> found = SCANNER.scan(c.text()).findings().stream().filter(f -> f.type().equals(c.type()))
                .map(f -> c.text().substring(f.start(), f.end())).toList();
        if (c.expected() == null) {
            assertThat(found).isEmpty();
        } else {
            assertThat(found).containsExactly(c.expected());
        }
    }

    @Test
    void aShortPhoneNumberAfterACueKeepsTheTextHome() {
        assertThat(new StrictEgressScanner(SCANNER).scan("call 33 93 31").dataClass()).isEqualTo(DataClass.CONFIDENTIAL);
    }
}
