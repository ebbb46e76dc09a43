package dev.gatehouse.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.inference.toolcall.ToolCallFormat;
import dev.gatehouse.inference.toolcall.ToolCallParser;
import dev.gatehouse.natives.EngineEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeldToolCallsTest {

    private static final List<String> TWO_CALLS = List.of("Let me check. ", "<tool_call>{\"name\": \"a\", ",
            "\"arguments\": {}}</tool_call>", "<tool_call>{\"name\": \"b\", \"arguments\": {\"x\": 1}}</tool_call>");

    @Test
    void textBeforeACallIsStreamedAndTheCallsArePartedFromIt() {
        var held = new HeldToolCalls(ToolCallParser.of(ToolCallFormat.HERMES, new Random(1)), false);
        List<String> streamed = offerAll(held);
        ToolCallOutput.Result end = held.finish();
        assertThat(String.join("", streamed) + end.pieces().stream().map(EngineEvent.Piece::text)
                .reduce("", String::concat)).isEqualTo("Let me check. "); // streamed as generated, before the call began
        assertThat(streamed).noneMatch(s -> s.contains("<tool_call>"));
        assertThat(end.toolCalls()).extracting(c -> c.name()).containsExactly("a", "b");
    }

    @Test
    void withParallelToolCallsOffOnlyTheFirstCallIsMade() {
        var held = new HeldToolCalls(ToolCallParser.of(ToolCallFormat.HERMES, new Random(1)), true);
        offerAll(held);
        assertThat(held.finish().toolCalls()).extracting(c -> c.name()).containsExactly("a");
    }

    @Test
    void textThatNeverBecomesACallIsSentWhole() {
        var held = new HeldToolCalls(ToolCallParser.of(ToolCallFormat.HERMES, new Random(1)), false);
        List<String> streamed = new ArrayList<>();
        for (String piece : List.of("Just ", "text, ", "<tool", " no call")) {
            held.offer(new EngineEvent.Piece(piece, List.of())).forEach(p -> streamed.add(p.text()));
        }
        held.finish().pieces().forEach(p -> streamed.add(p.text()));
        assertThat(String.join("", streamed)).isEqualTo("Just text, <tool no call");
    }

    private static List<String> offerAll(HeldToolCalls held) {
        List<String> streamed = new ArrayList<>();
        for (String piece : TWO_CALLS) {
            held.offer(new EngineEvent.Piece(piece, List.of())).forEach(p -> streamed.add(p.text()));
        }
        return streamed;
    }
}
