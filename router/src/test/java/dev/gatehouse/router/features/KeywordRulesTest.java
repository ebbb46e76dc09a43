package dev.gatehouse.router.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeywordRulesTest {

    @Test
    void cueWordsMatchWholeWordsOnlyIncludingJoinedOnes() {
        assertThat(KeywordRules.of("Why is my C++ build slow?").matches("coding")).isTrue();
        assertThat(KeywordRules.of("How do I encode this as base64?").matches("coding")).as("encode is not code").isFalse();
        assertThat(KeywordRules.of("tl;dr of the attached report please").matches("summarization")).isTrue();
        assertThat(KeywordRules.of("Weigh the trade-offs of both designs.").matches("reasoning")).isTrue();
    }

    @Test
    void phrasesMatchAtWordBoundaries() {
        assertThat(KeywordRules.of("Please list all the dates mentioned").matches("extraction")).isTrue();
        assertThat(KeywordRules.of("a playlist all day").matches("extraction")).isFalse();
        assertThat(KeywordRules.of("Tell me a fairy tale").matches("creative")).isTrue();
    }

    @Test
    void aGreetingCountsOnlyAtTheStartOfTheMessage() {
        assertThat(KeywordRules.of("  Hello! How are things?").matches("chit-chat")).isTrue();
        assertThat(KeywordRules.of("Write a function that prints hello").matches("chit-chat")).isFalse();
        assertThat(KeywordRules.of("Highlights of the game").matches("chit-chat")).as("hi inside a word").isFalse();
    }
}
