package dev.gatehouse.inference.grammar;

import static dev.gatehouse.inference.grammar.SchemaGrammars.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Constraints a grammar cannot enforce are refused with the JSON pointer and keyword, never silently dropped. */
class UnsupportedSchemaTest {
    record Case(String behaviour, String schema, String path, String rule) {
        @Override
        public String toString() {
            return behaviour;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("pattern is refused where it appears", "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\",\"pattern\":\"^[A-Z]+$\"}}}",
                        "/properties/code/pattern", "pattern"),
                new Case("multipleOf on integers other than 1 is refused", "{\"type\":\"integer\",\"multipleOf\":5}", "/multipleOf", "multipleOf"),
                new Case("multipleOf on numbers is refused", "{\"type\":\"number\",\"multipleOf\":0.5}", "/multipleOf", "multipleOf"),
                new Case("unknown formats are refused", "{\"type\":\"string\",\"format\":\"email\"}", "/format", "format"),
                new Case("not is refused", "{\"not\":{\"type\":\"string\"}}", "/not", "not"),
                new Case("conditionals are refused", "{\"if\":{},\"then\":{}}", "/if", "if"),
                new Case("uniqueItems is refused", "{\"type\":\"array\",\"uniqueItems\":true}", "/uniqueItems", "uniqueItems"),
                new Case("patternProperties is refused", "{\"type\":\"object\",\"patternProperties\":{\"^x\":{}}}",
                        "/patternProperties", "patternProperties"),
                new Case("remote refs are refused", "{\"$ref\":\"https://example.com/s.json\"}", "/$ref", "$ref"),
                new Case("dangling refs are refused", "{\"$ref\":\"#/$defs/missing\"}", "/$ref", "$ref"),
                new Case("refs that recurse before producing text are refused",
                        "{\"$defs\":{\"a\":{\"anyOf\":[{\"$ref\":\"#/$defs/a\"},{\"type\":\"null\"}]}},\"$ref\":\"#/$defs/a\"}",
                        "/$defs/a/anyOf/0/$ref", "$ref"),
                new Case("maxLength beyond what llama.cpp counts is refused", "{\"type\":\"string\",\"maxLength\":5000}",
                        "/maxLength", "maxLength"),
                new Case("minLength above maxLength is refused", "{\"type\":\"string\",\"minLength\":3,\"maxLength\":2}",
                        "/minLength", "minLength"),
                new Case("required names that cannot be present are refused",
                        "{\"type\":\"object\",\"properties\":{},\"required\":[\"x\"],\"additionalProperties\":false}", "/required", "required"),
                new Case("unknown types are refused", "{\"type\":\"text\"}", "/type", "type"),
                new Case("empty integer ranges are refused", "{\"type\":\"integer\",\"minimum\":5,\"maximum\":4}", "/minimum", "minimum"),
                new Case("empty number ranges are refused", "{\"type\":\"number\",\"exclusiveMinimum\":1,\"maximum\":1}",
                        "/exclusiveMinimum", "exclusiveMinimum"),
                new Case("allOf members that forbid each other's properties are refused",
                        "{\"allOf\":[{\"properties\":{\"a\":{}},\"additionalProperties\":false},{\"properties\":{\"b\":{}}}]}",
                        "/allOf/0/additionalProperties", "additionalProperties"),
                new Case("allOf members without a common type are refused",
                        "{\"allOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}", "/allOf/1/type", "type"),
                new Case("the schema false is refused", "{\"type\":\"object\",\"properties\":{\"a\":false},\"required\":[\"a\"]}",
                        "/required", "required"),
                new Case("minProperties beyond the required ones is refused",
                        "{\"type\":\"object\",\"properties\":{\"a\":{}},\"minProperties\":1}", "/minProperties", "minProperties")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusalNamesThePointerAndTheKeyword(Case c) {
        UnsupportedSchemaException refused = catchThrowableOfType(UnsupportedSchemaException.class,
                () -> ResponseFormatGrammar.fromSchema(json(c.schema())));
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.path()).isEqualTo(c.path());
        assertThat(refused.rule()).isEqualTo(c.rule());
        assertThat(refused.getMessage()).startsWith(c.path() + ": ");
    }
}
