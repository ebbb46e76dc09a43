package dev.gatehouse.inference.toolcall;

import static dev.gatehouse.inference.toolcall.ToolCallFormat.GPT_OSS;
import static dev.gatehouse.inference.toolcall.ToolCallFormat.HERMES;
import static dev.gatehouse.inference.toolcall.ToolCallFormat.LLAMA3_JSON;
import static dev.gatehouse.inference.toolcall.ToolCallFormat.MISTRAL;
import static dev.gatehouse.inference.toolcall.ToolCallFormat.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ToolCallStreamingTest {

    /** Text streamed so far, and how much of it may go to the client as content now. */
    record Case(String name, ToolCallFormat format, String soFar, int safe) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("hermes: plain text is all safe", HERMES, "Hello there", 11),
                new Case("hermes: a partial opening tag is held", HERMES, "Checking <tool_c", 9),
                new Case("hermes: a lone '<' is held, it may open a tag", HERMES, "a <", 2),
                new Case("hermes: everything from an opened call is held", HERMES, "ok<tool_call>{\"na", 2),
                new Case("hermes: a finished tag that is not a call is safe", HERMES, "a <b>", 5),
                new Case("llama3: a reply starting with a brace is held whole", LLAMA3_JSON, "  {\"name\"", 0),
                new Case("llama3: prose is safe", LLAMA3_JSON, "The answer", 10),
                new Case("llama3: a partial python tag is held", LLAMA3_JSON, "Sure<|python", 4),
                new Case("mistral: a partial marker is held", MISTRAL, "Hi [TOOL_", 3),
                new Case("mistral: from the marker on is held", MISTRAL, "[TOOL_CALLS]get", 0),
                new Case("gpt-oss: a header still being written is held", GPT_OSS,
                        "<|channel|>analysis<|message|>hm<|end|><|start|>assistant<|channel|>comm", 39),
                new Case("gpt-oss: a function-addressed message is held", GPT_OSS,
                        "<|channel|>commentary to=functions.f<|message|>{\"a\"", 0),
                new Case("gpt-oss: an open final message is safe up to its end", GPT_OSS,
                        "<|channel|>final<|message|>Hello", 32),
                new Case("none: nothing is ever held", NONE, "<tool_call>", 11));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void holdsBackOnlyWhatMayBecomeACall(Case c) {
        ToolCallParser parser = ToolCallParser.of(c.format(), new Random(1));
        assertThat(parser.safeContentLength(c.soFar())).isEqualTo(c.safe());
        assertThat(parser.mayBeToolCallPrefix(c.soFar())).isEqualTo(c.safe() < c.soFar().length());
    }
}
