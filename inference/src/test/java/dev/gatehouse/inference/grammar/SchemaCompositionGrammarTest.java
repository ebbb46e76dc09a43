package dev.gatehouse.inference.grammar;

import static dev.gatehouse.inference.grammar.SchemaGrammars.forSchema;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchemaCompositionGrammarTest {
    @Test
    void refsToDefsAndDefinitionsResolveToSharedRules() {
        GbnfRecognizer grammar = forSchema("""
                {"type":"object","properties":{"from":{"$ref":"#/$defs/point"},"to":{"$ref":"#/definitions/point"}},
                 "required":["from","to"],
                 "$defs":{"point":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"}},"required":["x","y"]}},
                 "definitions":{"point":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"}},"required":["x","y"]}}}""");
        assertThat(grammar.accepts("{\"from\":{\"x\":1,\"y\":2},\"to\":{\"x\":-1.5,\"y\":0}}")).isTrue();
        assertThat(grammar.accepts("{\"from\":{\"x\":1},\"to\":{\"x\":-1.5,\"y\":0}}")).isFalse();
    }

    @Test
    void recursiveRefsDescribeTreesOfAnyDepth() {
        GbnfRecognizer grammar = forSchema("""
                {"$ref":"#/$defs/node","$defs":{"node":{"type":"object",
                  "properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/$defs/node"}}},
                  "required":["name","children"]}}}""");
        assertThat(grammar.accepts("{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[{\"name\":\"c\",\"children\":[]}]}]}"))
                .isTrue();
        assertThat(grammar.accepts("{\"name\":\"a\",\"children\":[{\"name\":\"b\"}]}")).isFalse();
    }

    @Test
    void refToTheRootRecursesIntoTheWholeDocument() {
        GbnfRecognizer grammar = forSchema("""
                {"type":"object","properties":{"next":{"anyOf":[{"$ref":"#"},{"type":"null"}]}},"required":["next"]}""");
        assertThat(grammar.accepts("{\"next\":{\"next\":{\"next\":null}}}")).isTrue();
        assertThat(grammar.accepts("{\"next\":{\"next\":1}}")).isFalse();
    }

    @Test
    void anyOfAcceptsEachAlternativeAndNothingElse() {
        GbnfRecognizer grammar = forSchema("""
                {"anyOf":[{"type":"object","properties":{"kind":{"const":"circle"},"r":{"type":"number"}},"required":["kind","r"]},
                          {"type":"object","properties":{"kind":{"const":"square"},"side":{"type":"number"}},"required":["kind","side"]}]}""");
        assertThat(grammar.accepts("{\"kind\":\"circle\",\"r\":2}")).isTrue();
        assertThat(grammar.accepts("{\"kind\":\"square\",\"side\":2}")).isTrue();
        assertThat(grammar.accepts("{\"kind\":\"circle\",\"side\":2}")).isFalse();
    }

    @Test
    void oneOfWithSiblingKeywordsAppliesTheSiblingsToEveryAlternative() {
        GbnfRecognizer grammar = forSchema("""
                {"type":"object","properties":{"id":{"type":"integer"}},"required":["id"],
                 "oneOf":[{"properties":{"a":{"type":"string"}},"required":["a"]},{"properties":{"b":{"type":"boolean"}},"required":["b"]}]}""");
        assertThat(grammar.accepts("{\"id\":1,\"a\":\"x\"}")).isTrue();
        assertThat(grammar.accepts("{\"id\":1,\"b\":true}")).isTrue();
        assertThat(grammar.accepts("{\"a\":\"x\"}")).isFalse();
    }

    @Test
    void allOfOfObjectsMergesPropertiesAndRequiredNames() {
        GbnfRecognizer grammar = forSchema("""
                {"allOf":[{"$ref":"#/$defs/named"},
                          {"type":"object","properties":{"age":{"type":"integer","minimum":0}},"required":["age"]}],
                 "$defs":{"named":{"type":"object","properties":{"name":{"type":"string","maxLength":10}},"required":["name"]}}}""");
        assertThat(grammar.accepts("{\"name\":\"Ada\",\"age\":36}")).isTrue();
        assertThat(grammar.accepts("{\"name\":\"Ada\"}")).isFalse();
        assertThat(grammar.accepts("{\"name\":\"Ada\",\"age\":-1}")).isFalse();
    }

    @Test
    void allOfIntersectsBoundsOfTheSameProperty() {
        GbnfRecognizer grammar = forSchema("""
                {"allOf":[{"type":"object","properties":{"n":{"type":"integer","minimum":1}},"required":["n"]},
                          {"properties":{"n":{"maximum":3}}}]}""");
        assertThat(grammar.accepts("{\"n\":3}")).isTrue();
        assertThat(grammar.accepts("{\"n\":4}")).isFalse();
        assertThat(grammar.accepts("{\"n\":0}")).isFalse();
    }

    @Test
    void refWithSiblingKeywordsNarrowsTheReferencedSchema() {
        GbnfRecognizer grammar = forSchema("""
                {"$defs":{"text":{"type":"string"}},"$ref":"#/$defs/text","maxLength":2}""");
        assertThat(grammar.accepts("\"ab\"")).isTrue();
        assertThat(grammar.accepts("\"abc\"")).isFalse();
    }

    @Test
    void refsInsideDefinitionsWithEscapedPointerTokensResolve() {
        GbnfRecognizer grammar = forSchema("""
                {"$ref":"#/$defs/a~1b%20c","$defs":{"a/b c":{"type":"boolean"}}}""");
        assertThat(grammar.accepts("false")).isTrue();
        assertThat(grammar.accepts("0")).isFalse();
    }
}
