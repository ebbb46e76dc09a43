package dev.gatehouse.inference.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.inference.toolcall.ToolCallFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Renders every real chat template found in a local llama.cpp checkout, which is not part of this repository. Runs
 * only where that checkout exists; the behaviour itself is pinned by the family tests next to this one.
 */
class ShippedTemplatesTest {

    static final Path TEMPLATES = Path.of(System.getProperty("gatehouse.templates.dir",
            "/tmp/npmx/src/llama.cpp/models/templates"));

    @Test
    void everyShippedTemplateCompilesAndRendersPlainAndToolConversations() throws IOException {
        if (!Files.isDirectory(TEMPLATES)) {
            System.err.println("SKIPPED ShippedTemplatesTest: no template directory at " + TEMPLATES
                    + " (set -Dgatehouse.templates.dir); the family tests still pin rendering");
        }
        assumeTrue(Files.isDirectory(TEMPLATES), "no llama.cpp template directory at " + TEMPLATES);
        List<String> failures = new ArrayList<>();
        int rendered = 0;
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jinja")).sorted().toList()) {
                String name = file.getFileName().toString();
                ChatTemplate template;
                try {
                    template = ChatTemplate.compile(Files.readString(file));
                } catch (TemplateSyntaxException e) {
                    failures.add(name + ": " + e.getMessage());
                    continue;
                }
                for (ChatTemplateInput input : List.of(Conversations.input(Conversations.plainChat()),
                        Conversations.input(Conversations.toolRoundTrip())
                                .withTools(List.of(Conversations.weatherTool())))) {
                    try {
                        template.render(input.withSpecialTokens("<s>", "</s>"));
                        rendered++;
                    } catch (TemplateRaisedException refused) {
                        // The template's own verdict on the conversation (e.g. Gemma 2 has no system role).
                        System.err.println(name + " refused: " + refused.detail());
                    } catch (TemplateException e) {
                        failures.add(name + ": " + e.getMessage());
                    }
                }
            }
        }
        failures.forEach(System.err::println);
        assertThat(failures).isEmpty();
        assertThat(rendered).isGreaterThan(0);
    }

    @Test
    void realTemplatesMapToTheirToolCallFormats() throws IOException {
        assumeTrue(Files.isDirectory(TEMPLATES), "no llama.cpp template directory at " + TEMPLATES);
        java.util.Map<String, ToolCallFormat> expected = java.util.Map.of(
                "Qwen-Qwen2.5-7B-Instruct.jinja", ToolCallFormat.HERMES,
                "Qwen-Qwen3-0.6B.jinja", ToolCallFormat.HERMES,
                "meta-llama-Llama-3.1-8B-Instruct.jinja", ToolCallFormat.LLAMA3_JSON,
                "meta-llama-Llama-3.2-3B-Instruct.jinja", ToolCallFormat.LLAMA3_JSON,
                "mistralai-Mistral-Nemo-Instruct-2407.jinja", ToolCallFormat.MISTRAL,
                "openai-gpt-oss-120b.jinja", ToolCallFormat.GPT_OSS,
                "google-gemma-2-2b-it.jinja", ToolCallFormat.NONE);
        for (var e : expected.entrySet()) {
            Path file = TEMPLATES.resolve(e.getKey());
            assumeTrue(Files.exists(file), "missing " + file);
            assertThat(ToolCallFormat.detect(Files.readString(file))).as(e.getKey()).isEqualTo(e.getValue());
        }
    }
}
