package dev.gatehouse.inference.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The test recognizer is itself a component the other tests lean on: it must be able to say no. */
class GbnfRecognizerTest {
    @Test
    void matchesLiteralsClassesAndBoundedRepetitionExactly() {
        GbnfRecognizer grammar = GbnfRecognizer.parse("root ::= \"a\" [b-d]{2,3} ( \"x\" | [^a-z] )?\n");
        assertThat(grammar.accepts("abc")).isTrue();
        assertThat(grammar.accepts("abcdX")).isTrue();
        assertThat(grammar.accepts("abbbx")).isTrue();
        assertThat(grammar.accepts("ab")).isFalse();
        assertThat(grammar.accepts("abbbbx")).isFalse();
        assertThat(grammar.accepts("abcy")).isFalse();
    }

    @Test
    void decodesEscapesInLiteralsAndClasses() {
        GbnfRecognizer grammar = GbnfRecognizer.parse("root ::= \"\\\"\\\\\\x41\\u00e9\" [\\]\\x2D]+\n");
        assertThat(grammar.accepts("\"\\Aé]-")).isTrue();
        assertThat(grammar.accepts("\"\\Aé")).isFalse();
        assertThat(grammar.accepts("\"\\Ae]")).isFalse();
    }

    @Test
    void followsRuleReferencesIncludingRecursionAfterInput() {
        GbnfRecognizer grammar = GbnfRecognizer.parse("root ::= \"(\" root \")\" | \"x\"\n");
        assertThat(grammar.accepts("((x))")).isTrue();
        assertThat(grammar.accepts("((x)")).isFalse();
    }

    @Test
    void refusesLeftRecursionUndefinedRulesAndUnknownEscapes() {
        assertThatThrownBy(() -> GbnfRecognizer.parse("root ::= a \"x\"\na ::= \"y\"? root\n"))
                .hasMessageContaining("left recursion");
        assertThatThrownBy(() -> GbnfRecognizer.parse("root ::= missing\n")).hasMessageContaining("undefined rule");
        assertThatThrownBy(() -> GbnfRecognizer.parse("root ::= \"\\q\"\n")).hasMessageContaining("unknown escape");
    }

    @Test
    void emptyAlternativeAndOptionalGroupMatchTheEmptyString() {
        GbnfRecognizer grammar = GbnfRecognizer.parse("root ::= ( \"a\" | ) b\nb ::= \"b\"?\n");
        assertThat(grammar.accepts("")).isTrue();
        assertThat(grammar.accepts("ab")).isTrue();
        assertThat(grammar.accepts("ba")).isFalse();
    }
}
