package dev.gatehouse.inference.grammar;

import static dev.gatehouse.inference.grammar.SchemaGrammars.forSchema;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaValueGrammarTest {
    /** A schema, a document, and whether the grammar must accept it; the name reads as the behaviour. */
    record Case(String behaviour, String schema, String document, boolean accepted) {
        @Override
        public String toString() {
            return behaviour;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("strings accept escapes", "{\"type\":\"string\"}", "\"a\\\"b\\\\c\\u00E9\\n\"", true),
                new Case("strings reject raw newlines", "{\"type\":\"string\"}", "\"a\nb\"", false),
                new Case("strings reject unknown escapes", "{\"type\":\"string\"}", "\"\\q\"", false),
                new Case("strings accept non-ASCII text", "{\"type\":\"string\"}", "\"日本 😀\"", true),
                new Case("minLength counts an escape as one character",
                        "{\"type\":\"string\",\"minLength\":2,\"maxLength\":3}", "\"\\n\\t\"", true),
                new Case("maxLength rejects one character too many",
                        "{\"type\":\"string\",\"minLength\":2,\"maxLength\":3}", "\"abcd\"", false),
                new Case("minLength rejects one character too few",
                        "{\"type\":\"string\",\"minLength\":2,\"maxLength\":3}", "\"a\"", false),
                new Case("numbers accept negative exponents", "{\"type\":\"number\"}", "-1.5e-3", true),
                new Case("numbers accept plain integers", "{\"type\":\"number\"}", "42", true),
                new Case("numbers reject leading zeros", "{\"type\":\"number\"}", "007", false),
                new Case("integers reject fractions", "{\"type\":\"integer\"}", "1.5", false),
                new Case("integers reject exponents", "{\"type\":\"integer\"}", "1e3", false),
                new Case("integers accept negatives", "{\"type\":\"integer\"}", "-17", true),
                new Case("booleans are true or false", "{\"type\":\"boolean\"}", "true", true),
                new Case("booleans are not strings", "{\"type\":\"boolean\"}", "\"true\"", false),
                new Case("null is null", "{\"type\":\"null\"}", "null", true),
                new Case("type arrays accept each type", "{\"type\":[\"string\",\"null\"]}", "null", true),
                new Case("type arrays accept each type (string)", "{\"type\":[\"string\",\"null\"]}", "\"x\"", true),
                new Case("type arrays reject other types", "{\"type\":[\"string\",\"null\"]}", "1", false),
                new Case("enums accept listed values", "{\"enum\":[\"red\",\"green\",7,null]}", "7", true),
                new Case("enums reject unlisted values", "{\"enum\":[\"red\",\"green\",7,null]}", "\"blue\"", false),
                new Case("enums with a type keep only matching values",
                        "{\"type\":\"string\",\"enum\":[\"red\",7]}", "7", false),
                new Case("const accepts exactly its value", "{\"const\":{\"a\":[1,2]}}", "{\"a\":[1,2]}", true),
                new Case("const rejects anything else", "{\"const\":\"x\"}", "\"y\"", false),
                new Case("an empty schema accepts any value", "{}", "[1,{\"a\":null}]", true),
                new Case("true accepts any value", "true", "\"x\"", true),
                new Case("date format accepts a calendar date", "{\"type\":\"string\",\"format\":\"date\"}", "\"2024-02-29\"", true),
                new Case("date format rejects month 13", "{\"type\":\"string\",\"format\":\"date\"}", "\"2024-13-01\"", false),
                new Case("date-time accepts an offset", "{\"type\":\"string\",\"format\":\"date-time\"}",
                        "\"2024-02-29T23:59:60.123+05:30\"", true),
                new Case("date-time requires an offset", "{\"type\":\"string\",\"format\":\"date-time\"}",
                        "\"2024-02-29T23:59:59\"", false),
                new Case("time accepts Z", "{\"type\":\"string\",\"format\":\"time\"}", "\"08:30:00Z\"", true),
                new Case("uuid accepts the 8-4-4-4-12 form", "{\"type\":\"string\",\"format\":\"uuid\"}",
                        "\"123e4567-e89b-12d3-a456-426614174000\"", true),
                new Case("uuid rejects a short group", "{\"type\":\"string\",\"format\":\"uuid\"}",
                        "\"123e4567-e89b-12d3-a456-42661417400\"", false),
                new Case("ipv4 rejects octets above 255", "{\"type\":\"string\",\"format\":\"ipv4\"}", "\"10.0.0.256\"", false),
                new Case("ipv4 accepts 255", "{\"type\":\"string\",\"format\":\"ipv4\"}", "\"255.10.0.1\"", true),
                new Case("arrays accept nested arrays", "{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}}",
                        "[[1,2],[],[3]]", true),
                new Case("arrays reject wrong inner items", "{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}}",
                        "[[1,2],[\"x\"]]", false),
                new Case("minItems rejects too few", "{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"minItems\":2,\"maxItems\":3}", "[1]", false),
                new Case("maxItems rejects too many", "{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"minItems\":2,\"maxItems\":3}", "[1,2,3,4]", false),
                new Case("item bounds accept the upper count", "{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"minItems\":2,\"maxItems\":3}", "[1, 2, 3]", true),
                new Case("arrays reject trailing commas", "{\"type\":\"array\"}", "[1,]", false),
                new Case("prefixItems fix the leading elements", "{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}",
                        "[\"a\",1]", true),
                new Case("prefixItems without items allow no more elements",
                        "{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}", "[\"a\",1,2]", false),
                new Case("prefixItems then items type the rest",
                        "{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"}],\"items\":{\"type\":\"boolean\"}}", "[\"a\",true,false]", true),
                new Case("prefixItems then items reject a wrong rest",
                        "{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"}],\"items\":{\"type\":\"boolean\"}}", "[\"a\",1]", false),
                new Case("draft-7 tuple items work like prefixItems",
                        "{\"type\":\"array\",\"items\":[{\"type\":\"null\"}],\"additionalItems\":false}", "[null]", true),
                new Case("integer minimum and maximum accept the bounds", "{\"type\":\"integer\",\"minimum\":-5,\"maximum\":120}", "-5", true),
                new Case("integer exclusiveMaximum excludes the bound", "{\"type\":\"integer\",\"exclusiveMaximum\":10}", "10", false),
                new Case("number bounds accept a fraction inside", "{\"type\":\"number\",\"minimum\":0,\"maximum\":1}", "0.75", true),
                new Case("number bounds reject a fraction above", "{\"type\":\"number\",\"minimum\":0,\"maximum\":1}", "1.01", false),
                new Case("number bounds accept the bound with zeros", "{\"type\":\"number\",\"minimum\":0,\"maximum\":1}", "1.000", true),
                new Case("number exclusiveMinimum 0 rejects zero", "{\"type\":\"number\",\"exclusiveMinimum\":0}", "0.0", false),
                new Case("number exclusiveMinimum 0 accepts a tiny positive", "{\"type\":\"number\",\"exclusiveMinimum\":0}", "0.0001", true),
                new Case("number exclusiveMinimum 0 rejects negatives", "{\"type\":\"number\",\"exclusiveMinimum\":0}", "-3", false)
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void grammarAcceptsExactlyTheDocumentsTheSchemaAllows(Case c) {
        assertThat(forSchema(c.schema()).accepts(c.document())).isEqualTo(c.accepted());
    }

    @Test
    void stringsAndArraysStartAndEndWithoutSurroundingWhitespace() {
        assertThat(forSchema("{\"type\":\"string\"}").accepts(" \"x\"")).isFalse();
        assertThat(forSchema("{\"type\":\"array\"}").accepts("[ 1 ]")).isTrue();
        assertThat(forSchema("{\"type\":\"array\"}").accepts("[ 1 ] ")).isFalse();
    }
}
