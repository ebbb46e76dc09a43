package dev.gatehouse.inference.grammar;

import static dev.gatehouse.inference.grammar.SchemaGrammars.forSchema;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchemaObjectGrammarTest {
    private static final String PERSON = """
            {"type":"object","properties":{
               "name":{"type":"string"},"nick":{"type":"string"},"age":{"type":"integer"},"email":{"type":"string"}},
             "required":["age","name"],"additionalProperties":false}""";

    @Test
    void requiredPropertiesComeFirstInDeclaredOrderThenEachOptionalOneMayFollow() {
        GbnfRecognizer grammar = forSchema(PERSON);
        assertThat(grammar.accepts("{\"name\":\"Ada\",\"age\":36}")).isTrue();
        assertThat(grammar.accepts("{\"name\":\"Ada\",\"age\":36,\"nick\":\"A\"}")).isTrue();
        assertThat(grammar.accepts("{\"name\":\"Ada\",\"age\":36,\"email\":\"a@b\"}")).isTrue();
        assertThat(grammar.accepts("{\"name\":\"Ada\",\"age\":36,\"nick\":\"A\",\"email\":\"a@b\"}")).isTrue();
        assertThat(grammar.accepts("{\n  \"name\": \"Ada\",\n  \"age\": 36\n}")).isTrue();
    }

    @Test
    void missingRequiredPropertiesWrongOrderExtrasAndWrongTypesAreRejected() {
        GbnfRecognizer grammar = forSchema(PERSON);
        assertThat(grammar.accepts("{\"name\":\"Ada\"}")).isFalse();
        assertThat(grammar.accepts("{\"age\":36,\"name\":\"Ada\"}")).isFalse();
        assertThat(grammar.accepts("{\"name\":\"Ada\",\"age\":36,\"email\":\"a@b\",\"nick\":\"A\"}")).isFalse();
        assertThat(grammar.accepts("{\"name\":\"Ada\",\"age\":36,\"extra\":1}")).isFalse();
        assertThat(grammar.accepts("{\"name\":\"Ada\",\"age\":\"36\"}")).isFalse();
        assertThat(grammar.accepts("{\"name\":\"Ada\",\"age\":36,}")).isFalse();
    }

    @Test
    void withoutRequiredPropertiesAnySubsetInDeclaredOrderIsAcceptedWithCommasOnlyBetween() {
        GbnfRecognizer grammar = forSchema("""
                {"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"},"c":{"type":"integer"}}}""");
        for (String document : new String[] {"{}", "{\"a\":1}", "{\"b\":2}", "{\"c\":3}", "{\"a\":1,\"c\":3}",
                "{\"b\":2,\"c\":3}", "{\"a\":1,\"b\":2,\"c\":3}"}) {
            assertThat(grammar.accepts(document)).as(document).isTrue();
        }
        for (String document : new String[] {"{,\"a\":1}", "{\"a\":1,}", "{\"b\":2,\"a\":1}", "{\"a\":1\"b\":2}",
                "{\"a\":1,\"a\":1}"}) {
            assertThat(grammar.accepts(document)).as(document).isFalse();
        }
    }

    @Test
    void aPlainObjectTypeAcceptsAnyObject() {
        GbnfRecognizer grammar = forSchema("{\"type\":\"object\"}");
        assertThat(grammar.accepts("{}")).isTrue();
        assertThat(grammar.accepts("{\"x\":[1,{\"y\":null}]}")).isTrue();
        assertThat(grammar.accepts("[]")).isFalse();
    }

    @Test
    void additionalPropertiesWithASchemaAllowsExtraKeysAfterTheDeclaredOnesButNeverADeclaredName() {
        GbnfRecognizer grammar = forSchema("""
                {"type":"object","properties":{"id":{"type":"string"}},"required":["id"],
                 "additionalProperties":{"type":"integer"}}""");
        assertThat(grammar.accepts("{\"id\":\"x\"}")).isTrue();
        assertThat(grammar.accepts("{\"id\":\"x\",\"count\":3,\"i\":4,\"idx\":5,\"\":6}")).isTrue();
        assertThat(grammar.accepts("{\"id\":\"x\",\"count\":\"3\"}")).as("extra value type").isFalse();
        assertThat(grammar.accepts("{\"id\":\"x\",\"id\":3}")).as("declared name as extra key").isFalse();
        assertThat(grammar.accepts("{\"count\":3,\"id\":\"x\"}")).as("extras come last").isFalse();
    }

    @Test
    void additionalPropertiesTrueAllowsExtraValuesOfAnyType() {
        GbnfRecognizer grammar = forSchema("""
                {"type":"object","properties":{"a":{"type":"boolean"}},"additionalProperties":true}""");
        assertThat(grammar.accepts("{\"a\":true,\"b\":[1,\"x\"],\"c\":{}}")).isTrue();
        assertThat(grammar.accepts("{\"b\":null}")).isTrue();
        assertThat(grammar.accepts("{\"b\":null,\"a\":true}")).isFalse();
    }

    @Test
    void requiredNamesMissingFromPropertiesTakeTheAdditionalPropertiesSchema() {
        GbnfRecognizer grammar = forSchema("""
                {"type":"object","required":["k"],"additionalProperties":{"type":"string"}}""");
        assertThat(grammar.accepts("{\"k\":\"v\"}")).isTrue();
        assertThat(grammar.accepts("{\"k\":\"v\",\"other\":\"w\"}")).isTrue();
        assertThat(grammar.accepts("{}")).isFalse();
        assertThat(grammar.accepts("{\"k\":1}")).isFalse();
    }

    @Test
    void keysAndEnumStringsThatNeedEscapingAreWrittenAsJsonEscapes() {
        GbnfRecognizer grammar = forSchema("""
                {"type":"object","properties":{"say \\"hi\\"\\\\":{"enum":["a\\nb","é"]}},"required":["say \\"hi\\"\\\\"]}""");
        assertThat(grammar.accepts("{\"say \\\"hi\\\"\\\\\":\"a\\nb\"}")).isTrue();
        assertThat(grammar.accepts("{\"say \\\"hi\\\"\\\\\":\"é\"}")).isTrue();
        assertThat(grammar.accepts("{\"say \\\"hi\\\"\\\\\":\"a\nb\"}")).isFalse();
    }

    @Test
    void nestedObjectsFollowTheirOwnSchemas() {
        GbnfRecognizer grammar = forSchema("""
                {"type":"object","properties":{"address":{"type":"object",
                   "properties":{"city":{"type":"string"},"zip":{"type":"string","minLength":5,"maxLength":5}},
                   "required":["city","zip"]}},"required":["address"]}""");
        assertThat(grammar.accepts("{\"address\":{\"city\":\"Oslo\",\"zip\":\"01501\"}}")).isTrue();
        assertThat(grammar.accepts("{\"address\":{\"city\":\"Oslo\",\"zip\":\"0150\"}}")).isFalse();
        assertThat(grammar.accepts("{\"address\":{\"city\":\"Oslo\"}}")).isFalse();
    }
}
