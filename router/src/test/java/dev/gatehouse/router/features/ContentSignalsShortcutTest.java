package dev.gatehouse.router.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The code test and the pasted-document count skip work (the full code expression on prose without brackets, the
 * substrings of the split); both must give what the plain expressions gave, kept here as the reference, on awkward
 * texts and on the shared arena-hard prompts (a third of them coding).
 */
class ContentSignalsShortcutTest {

    static final Pattern CODE = Pattern.compile(
            "```|^\\s*(def|class|import|from \\S+ import|public|private|fn|func|package|#include|using)\\b"
                    + "|\\b(function|return|console\\.log|printf|System\\.out)\\b.*[;(){}]"
                    + "|[;{}]\\s*$|=>|::|\\b\\w+\\([^()]*\\)\\s*\\{",
            Pattern.MULTILINE);
    static final Pattern BLOCK_SEPARATOR = Pattern.compile("\\n\\s*\\n|```");

    static void sameAsReference(String text) {
        int documents = 0;
        int chars = 0;
        for (String block : BLOCK_SEPARATOR.split(text)) {
            if (block.length() >= ContentSignals.DOCUMENT_CHARS) {
                documents++;
                chars += block.length();
            }
        }
        ContentSignals s = ContentSignals.of(text);
        String name = text.length() > 60 ? text.substring(0, 60) : text;
        assertThat(s.hasCode()).as(name).isEqualTo(CODE.matcher(text).find());
        assertThat(s.contextDocuments()).as(name).isEqualTo(documents);
        assertThat(s.contextChars()).as(name).isEqualTo(chars);
    }

    @Test
    void theShortcutsMatchThePlainExpressionsOnAwkwardTexts() {
        String page = "The committee met on Tuesday and agreed the plan. ".repeat(30);
        for (String text : List.of("", "plain words only", "import os", "  using System", "classy words\nclass Foo",
                "x => y", "a::b", "int f() {", "return 1;", "```\ncode\n```", page, page + "\n\n" + page,
                "\n\n" + page + "\n \n\n" + page + "```" + page + "```", page + "\n\n", "def\tf", "from a.b import c",
                "publicity is not code", "end;\n", "{", "function is a word here")) {
            sameAsReference(text);
        }
    }

    @Test
    void theShortcutsMatchThePlainExpressionsOnTheSharedPrompts() throws Exception {
        String eval = System.getProperty("gatehouse.shared.eval");
        Path file = eval == null ? null : Path.of(eval, "category", "arena-hard-v2.0-question.jsonl");
        assumeTrue(file != null && Files.exists(file), "SKIPPED LOUDLY: arena-hard prompts not found at " + file
                + " (set -Dgatehouse.shared.eval); the awkward texts above still compare both versions");
        ObjectMapper json = new ObjectMapper();
        List<String> prompts = new ArrayList<>();
        for (String line : Files.readAllLines(file)) prompts.add(json.readTree(line).get("prompt").asText());
        prompts.forEach(ContentSignalsShortcutTest::sameAsReference);
        assertThat(prompts.stream().filter(p -> ContentSignals.of(p).hasCode()).count()).isGreaterThan(100);
    }
}
