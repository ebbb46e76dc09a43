package dev.gatehouse.inference.toolcall;

import dev.gatehouse.inference.ToolCall;
import static dev.gatehouse.inference.toolcall.ToolCallFormat.GPT_OSS;
import static dev.gatehouse.inference.toolcall.ToolCallFormat.HERMES;
import static dev.gatehouse.inference.toolcall.ToolCallFormat.LLAMA3_JSON;
import static dev.gatehouse.inference.toolcall.ToolCallFormat.MISTRAL;
import static dev.gatehouse.inference.toolcall.ToolCallFormat.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ToolCallParserTest {

    /** A generated text in one format, the content expected, and each call as "name arguments". */
    record Case(String name, ToolCallFormat format, String text, String content, List<String> calls) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("hermes: one call", HERMES,
                        "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>",
                        "", List.of("get_weather {\"city\":\"Paris\"}")),
                new Case("hermes: two calls with text before them", HERMES,
                        "Let me check both.\n<tool_call>\n{\"name\": \"a\", \"arguments\": {\"x\": 1}}\n</tool_call>\n"
                                + "<tool_call>\n{\"name\": \"b\", \"arguments\": {}}\n</tool_call>",
                        "Let me check both.", List.of("a {\"x\":1}", "b {}")),
                new Case("hermes: arguments given as a JSON string are unwrapped", HERMES,
                        "<tool_call>{\"name\": \"a\", \"arguments\": \"{\\\"x\\\": [1, 2]}\"}</tool_call>",
                        "", List.of("a {\"x\":[1,2]}")),
                new Case("hermes: an unclosed final call still reads when its JSON is whole", HERMES,
                        "<tool_call>{\"name\": \"a\", \"arguments\": {\"x\": 1}}", "", List.of("a {\"x\":1}")),
                new Case("hermes: malformed JSON stays content verbatim", HERMES,
                        "Sure <tool_call>{\"name\": \"a\", \"arguments\": {\"x\": </tool_call> done",
                        "Sure <tool_call>{\"name\": \"a\", \"arguments\": {\"x\": </tool_call> done", List.of()),
                new Case("hermes: a good call next to a malformed one keeps both", HERMES,
                        "<tool_call>{\"oops\"}</tool_call><tool_call>{\"name\": \"b\", \"arguments\": {}}</tool_call>",
                        "<tool_call>{\"oops\"}</tool_call>", List.of("b {}")),
                new Case("hermes: plain text is content", HERMES, "Just text.", "Just text.", List.of()),
                new Case("llama3: one call with parameters", LLAMA3_JSON,
                        "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}", "",
                        List.of("get_weather {\"city\":\"Paris\"}")),
                new Case("llama3: arguments after python_tag with text before", LLAMA3_JSON,
                        "Calling now.<|python_tag|>{\"name\": \"a\", \"arguments\": {\"q\": \"x\"}}", "Calling now.",
                        List.of("a {\"q\":\"x\"}")),
                new Case("llama3: an array holds several calls", LLAMA3_JSON,
                        "[{\"name\": \"a\", \"parameters\": {}}, {\"name\": \"b\", \"parameters\": {\"n\": 2}}]", "",
                        List.of("a {}", "b {\"n\":2}")),
                new Case("llama3: JSON that is not a call is content", LLAMA3_JSON,
                        "{\"answer\": 42}", "{\"answer\": 42}", List.of()),
                new Case("llama3: text with trailing JSON is content", LLAMA3_JSON,
                        "Here: {\"name\": \"a\", \"parameters\": {}}", "Here: {\"name\": \"a\", \"parameters\": {}}",
                        List.of()),
                new Case("llama3: malformed JSON is content", LLAMA3_JSON,
                        "{\"name\": \"a\", \"parameters\": {", "{\"name\": \"a\", \"parameters\": {", List.of()),
                new Case("mistral: array form with several calls", MISTRAL,
                        "[TOOL_CALLS][{\"name\": \"a\", \"arguments\": {\"x\": 1}, \"id\": \"abcdefghi\"}, "
                                + "{\"name\": \"b\", \"arguments\": {}}]", "", List.of("a {\"x\":1}", "b {}")),
                new Case("mistral: name[ARGS] form, repeated", MISTRAL,
                        "[TOOL_CALLS]get_weather[ARGS]{\"city\": \"Paris\"}[TOOL_CALLS]get_time[ARGS]{}", "",
                        List.of("get_weather {\"city\":\"Paris\"}", "get_time {}")),
                new Case("mistral: a call id between name and args is skipped", MISTRAL,
                        "[TOOL_CALLS]a[CALL_ID]x1y2z3[ARGS]{\"k\": true}", "", List.of("a {\"k\":true}")),
                new Case("mistral: text before the calls is content", MISTRAL,
                        "I will look.[TOOL_CALLS][{\"name\": \"a\", \"arguments\": {}}]", "I will look.",
                        List.of("a {}")),
                new Case("mistral: malformed calls stay content", MISTRAL,
                        "[TOOL_CALLS][{\"name\": \"a\", \"arguments\": {]", "[TOOL_CALLS][{\"name\": \"a\", \"arguments\": {]",
                        List.of()),
                new Case("gpt-oss: analysis then a function call", GPT_OSS,
                        "<|channel|>analysis<|message|>Need weather.<|end|><|start|>assistant<|channel|>commentary "
                                + "to=functions.get_weather <|constrain|>json<|message|>{\"city\":\"Paris\"}<|call|>",
                        "", List.of("get_weather {\"city\":\"Paris\"}")),
                new Case("gpt-oss: recipient before the channel", GPT_OSS,
                        "<|start|>assistant to=functions.lookup<|channel|>commentary json<|message|>{\"q\": 1}<|call|>",
                        "", List.of("lookup {\"q\":1}")),
                new Case("gpt-oss: final channel is content", GPT_OSS,
                        "<|channel|>analysis<|message|>Easy.<|end|><|start|>assistant<|channel|>final<|message|>Hi!",
                        "Hi!", List.of()),
                new Case("gpt-oss: malformed arguments keep the raw message as content", GPT_OSS,
                        "<|channel|>commentary to=functions.f<|message|>{bad<|call|>",
                        "<|channel|>commentary to=functions.f<|message|>{bad<|call|>", List.of()),
                new Case("gpt-oss: text without harmony markers is content", GPT_OSS, "plain", "plain", List.of()),
                new Case("none: tags mean nothing", NONE, "<tool_call>{\"name\": \"a\"}</tool_call>",
                        "<tool_call>{\"name\": \"a\"}</tool_call>", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parsesCallsAndKeepsTheRestAsContent(Case c) {
        ParsedToolCalls parsed = ToolCallParser.of(c.format(), new Random(7)).parse(c.text());
        assertThat(parsed.content()).isEqualTo(c.content());
        assertThat(parsed.calls()).extracting(call -> call.name() + " " + call.arguments())
                .containsExactlyElementsOf(c.calls());
        assertThat(parsed.calls()).allSatisfy(call -> assertThat(call.id()).matches("call_[A-Za-z0-9]{24}"));
    }

    @Test
    void gptOssAnalysisIsReturnedAsReasoning() {
        ParsedToolCalls parsed = ToolCallParser.of(GPT_OSS, new Random(1)).parse(
                "<|channel|>analysis<|message|>Think.<|end|><|start|>assistant<|channel|>final<|message|>Done.");
        assertThat(parsed.reasoning()).isEqualTo("Think.");
        assertThat(parsed.content()).isEqualTo("Done.");
    }

    @Test
    void callIdsComeFromTheGivenRandomSourceAndDifferPerCall() {
        String text = "<tool_call>{\"name\": \"a\", \"arguments\": {}}</tool_call>"
                + "<tool_call>{\"name\": \"b\", \"arguments\": {}}</tool_call>";
        List<ToolCall> first = ToolCallParser.of(HERMES, new Random(99)).parse(text).calls();
        List<ToolCall> again = ToolCallParser.of(HERMES, new Random(99)).parse(text).calls();
        assertThat(first).isEqualTo(again);
        assertThat(first.get(0).id()).isNotEqualTo(first.get(1).id());
    }
}
