package dev.gatehouse.inference.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.inference.toolcall.ParsedToolCalls;
import dev.gatehouse.inference.toolcall.ToolCallFormat;
import dev.gatehouse.inference.toolcall.ToolCallParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Templates written here in the style of each model family (families/*.jinja), rendered with the shared
 * conversations. The expected prompts (families/NAME.SCENARIO.txt) were produced by Python Jinja2 3.1 configured as
 * Hugging Face transformers configures it (trim_blocks, lstrip_blocks, loop controls, json.dumps tojson), so they
 * pin the reference behaviour, not this engine's.
 */
class FamilyTemplatesTest {

    record Case(String family, String scenario) {
        @Override
        public String toString() {
            return family + " renders the " + scenario + " conversation byte for byte";
        }
    }

    static Stream<Case> cases() {
        return Stream.of(new Case("qwen", "plain"), new Case("qwen", "tools"), new Case("qwen", "nothink"),
                new Case("llama3", "plain"), new Case("llama3", "tools"),
                new Case("mistral", "plain"), new Case("mistral", "tools"),
                new Case("harmony", "plain"), new Case("harmony", "tools"), new Case("harmony", "high"),
                new Case("gemma3", "plain"), new Case("smollm3", "plain"), new Case("smollm3", "tools"),
                new Case("smollm3", "nothink"), new Case("phi4", "plain"), new Case("phi4", "tools"),
                new Case("deepseek", "plain"), new Case("deepseek", "tools"), new Case("chatml", "plain"),
                new Case("llama2", "plain"));
    }

    static String resource(String name) {
        try (InputStream in = FamilyTemplatesTest.class.getResourceAsStream("families/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource families/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ChatTemplateInput scenario(String scenario) {
        ChatTemplateInput input = switch (scenario) {
            case "plain", "nothink" -> Conversations.input(Conversations.plainChat());
            default -> Conversations.input(Conversations.toolRoundTrip())
                    .withTools(List.of(Conversations.weatherTool()));
        };
        input = input.withSpecialTokens("<s>", "</s>");
        return switch (scenario) {
            case "nothink" -> input.withExtra("enable_thinking", false);
            case "high" -> input.withExtra("reasoning_effort", "high");
            default -> input;
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersLikeReferenceJinja(Case c) {
        ChatTemplate template = ChatTemplate.compile(resource(c.family() + ".jinja"));
        assertThat(template.render(scenario(c.scenario())))
                .isEqualTo(resource(c.family() + "." + c.scenario() + ".txt"));
    }

    @Test
    void templatesThatNeverReadToolsAreNotToolCapable() {
        for (String family : List.of("gemma3", "chatml", "llama2")) {
            assertThat(ChatTemplate.compile(resource(family + ".jinja")).mentionsTools()).as(family).isFalse();
        }
        for (String family : List.of("qwen", "llama3", "mistral", "harmony", "smollm3", "phi4")) {
            assertThat(ChatTemplate.compile(resource(family + ".jinja")).mentionsTools()).as(family).isTrue();
        }
    }

    @Test
    void theToolCallFormatIsDetectedFromWhatEachTemplateWrites() {
        assertThat(Stream.of("qwen", "smollm3", "llama3", "mistral", "harmony", "gemma3", "chatml", "deepseek")
                .map(f -> ToolCallFormat.detect(resource(f + ".jinja"))))
                .containsExactly(ToolCallFormat.HERMES, ToolCallFormat.HERMES, ToolCallFormat.LLAMA3_JSON,
                        ToolCallFormat.MISTRAL, ToolCallFormat.GPT_OSS, ToolCallFormat.NONE, ToolCallFormat.NONE,
                        ToolCallFormat.NONE);
    }

    /** A past call rendered by the template, read back by the parser of the detected format, is the same call. */
    @ParameterizedTest(name = "{0} reads back the call its template renders")
    @MethodSource("roundTrips")
    void aRenderedCallParsesBackToTheSameCall(String family, String from, String to) {
        String template = resource(family + ".jinja");
        String prompt = ChatTemplate.compile(template).render(scenario("tools"));
        int start = prompt.lastIndexOf(from);
        String generated = prompt.substring(start, prompt.indexOf(to, start + from.length()) + to.length());
        ParsedToolCalls parsed = ToolCallParser.of(ToolCallFormat.detect(template), new Random(3)).parse(generated);
        assertThat(parsed.calls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("get_weather");
            assertThat(call.arguments()).isEqualTo("{\"city\":\"Paris\"}");
        });
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> roundTrips() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("qwen", "<tool_call>", "</tool_call>"),
                org.junit.jupiter.params.provider.Arguments.of("llama3", "{\"name\": \"get_weather\"", "}}"),
                org.junit.jupiter.params.provider.Arguments.of("mistral", "[TOOL_CALLS]", "]"),
                org.junit.jupiter.params.provider.Arguments.of("harmony", " to=functions.", "<|call|>"));
    }

    @Test
    void gemmaStyleTemplatesRefuseBrokenAlternationWithTheirOwnMessage() {
        ChatTemplate gemma = ChatTemplate.compile(resource("gemma3.jinja"));
        assertThatThrownBy(() -> gemma.render(Conversations.input(List.of(Conversations.message("user", "a"),
                Conversations.message("user", "b")))))
                .isInstanceOf(TemplateRaisedException.class).hasMessageStartingWith("Conversation roles must alternate");
    }
}
