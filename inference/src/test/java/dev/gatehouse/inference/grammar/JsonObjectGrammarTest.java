package dev.gatehouse.inference.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonObjectGrammarTest {
    private static final GbnfRecognizer GRAMMAR = GbnfRecognizer.parse(ResponseFormatGrammar.jsonObject());
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"a\":1}",
            "{ \"a\" : [1, -2.5e10, \"x\", true, false, null, {\"b\": {}}] }",
            "{\n  \"a\": {\n    \"b\": [\n      1\n    ]\n  }\n}",
            "{\"s\":\"quote \\\" backslash \\\\ slash \\/ \\b\\f\\n\\r\\t \\u00e9 é ☃ 😀\"}",
            "{\"n\":0,\"m\":-0.0,\"e\":1E+2,\"f\":12.34e-5}",
    })
    void acceptsAnyObjectWithNestedValuesAndModestWhitespace(String document) {
        assertThat(GRAMMAR.accepts(document)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[1]", "\"s\"", "1", "null",
            " {}", "{} ", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}",
            "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":NaN}",
            "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"line\nbreak\"}", "{\"a\":\"tab\there\"}",
            "{\"a\":\"unterminated}",
    })
    void rejectsAnythingButOneJsonObject(String document) {
        assertThat(GRAMMAR.accepts(document)).isFalse();
    }

    @Test
    void whitespaceBetweenTokensIsBoundedSoAModelCannotPadForever() {
        assertThat(GRAMMAR.accepts("{\n" + " ".repeat(24) + "\"a\":1}")).isTrue();
        assertThat(GRAMMAR.accepts("{\n" + " ".repeat(25) + "\"a\":1}")).isFalse();
        assertThat(GRAMMAR.accepts("{  \"a\":1}")).isFalse();
        assertThat(GRAMMAR.accepts("{\n\n\"a\":1}")).isFalse();
    }

    @Test
    void numbersHaveBoundedDigitRuns() {
        assertThat(GRAMMAR.accepts("{\"a\":" + "9".repeat(16) + "}")).isTrue();
        assertThat(GRAMMAR.accepts("{\"a\":" + "9".repeat(17) + "}")).isFalse();
        assertThat(GRAMMAR.accepts("{\"a\":1." + "5".repeat(17) + "}")).isFalse();
    }

    @Test
    void randomDocumentsWrittenCompactlyOrPrettyAreAccepted() throws Exception {
        Random random = new Random(7);
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < 200; i++) {
            ObjectNode document = randomObject(random, 4);
            assertThat(GRAMMAR.accepts(mapper.writeValueAsString(document))).as("compact %s", document).isTrue();
            String pretty = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(document);
            assertThat(GRAMMAR.accepts(pretty)).as("pretty %s", pretty).isTrue();
        }
    }

    /** Mutated documents are accepted only when they are still one JSON object: the grammar never lets junk through. */
    @Test
    void everyMutatedDocumentTheGrammarAcceptsParsesAsAnObject() throws Exception {
        Random random = new Random(11);
        ObjectMapper mapper = new ObjectMapper();
        String alphabet = "{}[]\",:\\ \n\t0123456789.-+eEaunlfrstx\u0001";
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder(mapper.writeValueAsString(randomObject(random, 3)));
            for (int edits = 1 + random.nextInt(2); edits > 0; edits--) {
                int at = random.nextInt(text.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> text.deleteCharAt(Math.min(at, text.length() - 1));
                    default -> text.setCharAt(Math.min(at, text.length() - 1), alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            if (GRAMMAR.accepts(text.toString())) {
                accepted++;
                JsonNode parsed = STRICT.readTree(text.toString());
                assertThat(parsed.isObject()).as(text.toString()).isTrue();
            } else {
                rejected++;
            }
        }
        assertThat(accepted).as("some mutations stay valid").isPositive();
        assertThat(rejected).as("most mutations break the document").isGreaterThan(accepted);
    }

    static ObjectNode randomObject(Random random, int depth) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
            object.set(randomString(random), randomValue(random, depth - 1));
        }
        return object;
    }

    private static JsonNode randomValue(Random random, int depth) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        int kind = random.nextInt(depth > 0 ? 8 : 6);
        return switch (kind) {
            case 0 -> nodes.textNode(randomString(random));
            case 1 -> nodes.numberNode(random.nextInt(2_000_001) - 1_000_000);
            case 2 -> nodes.numberNode(Math.round((random.nextDouble() - 0.5) * 1e6) / 1e3);
            case 3 -> nodes.booleanNode(random.nextBoolean());
            case 4 -> nodes.nullNode();
            case 5 -> nodes.numberNode(random.nextLong() % 1_000_000_000_000L);
            case 6 -> randomObject(random, depth);
            default -> {
                ArrayNode array = nodes.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(random, depth - 1));
                }
                yield array;
            }
        };
    }

    private static String randomString(Random random) {
        String pool = "ab yZ0\"\\/\n\t\u0001é☃😀";
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            int start = random.nextInt(pool.length());
            if (Character.isLowSurrogate(pool.charAt(start))) {
                start--;
            }
            out.appendCodePoint(pool.codePointAt(start));
        }
        return out.toString();
    }
}
