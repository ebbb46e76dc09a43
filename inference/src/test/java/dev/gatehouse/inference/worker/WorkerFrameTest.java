package dev.gatehouse.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.ResponseFormat;
import dev.gatehouse.inference.ToolCall;
import dev.gatehouse.inference.ToolChoice;
import dev.gatehouse.inference.ToolDefinition;
import dev.gatehouse.natives.AllocatedBuffers;
import dev.gatehouse.natives.TokenProbability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class WorkerFrameTest {

    static List<WorkerFrame> everyKindOfFrame() {
        String longPrompt = "é".repeat(70_000); // past writeUTF's 64 KiB limit
        var request = new ChatRequest(List.of(new ChatMessage(ChatMessage.Role.SYSTEM, "be brief"),
                new ChatMessage(ChatMessage.Role.USER, longPrompt)), GenerationParams.defaults());
        var load = WorkerLoad.of(Path.of("/models/a.gguf"), 2048, 2, 4, 99, "{{ messages }}", null);
        var top = new TokenProbability(5, " a".getBytes(StandardCharsets.UTF_8), -0.25, List.of());
        var logprob = new TokenProbability(9, new byte[] {(byte) 0xF0, (byte) 0x9F}, -1.5, List.of(top));
        return List.of(
                new WorkerFrame.Load(WorkerJson.write(load.spec())),
                new WorkerFrame.Generate(7, WorkerJson.write(request)),
                new WorkerFrame.Count(9, WorkerJson.write(new WorkerJson.CountSpec(request.messages()))),
                new WorkerFrame.Cancel(7),
                new WorkerFrame.Shutdown(),
                new WorkerFrame.Loaded(WorkerJson.write(new WorkerJson.LoadedSpec(2048, 12345, "llama.cpp", "cpu",
                        "3.22.1", 0, true, new AllocatedBuffers(1 << 20, 2 << 20, 3 << 20, 0)))),
                new WorkerFrame.Failed(-1, "MODEL_FILE_CORRUPT", "bad magic in /models/a.gguf"),
                new WorkerFrame.Started(7, 12),
                new WorkerFrame.Overflow(8, 5000, 2048),
                new WorkerFrame.Piece(7, " once upon a 🐉", List.of()),
                new WorkerFrame.Piece(7, "🐉", List.of(logprob, logprob)),
                new WorkerFrame.End(7, true, 12, 64, List.of()),
                new WorkerFrame.End(7, false, 12, 20, List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"))),
                new WorkerFrame.Counted(9, 31));
    }

    @Test
    void aRequestSurvivesItsJsonTripToTheWorker() {
        var params = new GenerationParams(64, 0.7, 0.9, 42L, List.of("END"), 40, 0.05, 1.1, 0.5, -0.5,
                Map.of(15043, -100.0), true, 3, new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, "root ::= \"{}\""));
        var request = new ChatRequest(List.of(new ChatMessage(ChatMessage.Role.ASSISTANT, "",
                List.of(new ToolCall("call_1", "f", "{}")), null),
                new ChatMessage(ChatMessage.Role.TOOL, "42", List.of(), "call_1")), params,
                List.of(new ToolDefinition("f", "does f", "{\"type\":\"object\"}")),
                new ToolChoice(ToolChoice.Mode.FUNCTION, "f"));
        assertThat(WorkerJson.request(WorkerJson.write(request))).isEqualTo(request);
    }

    @ParameterizedTest
    @MethodSource("everyKindOfFrame")
    void everyFrameReadsBackAsWritten(WorkerFrame frame) throws IOException {
        var bytes = new ByteArrayOutputStream();
        WorkerFrame.write(new DataOutputStream(bytes), frame);
        WorkerFrame back = WorkerFrame.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(back).usingRecursiveComparison().isEqualTo(frame);
    }

    @Test
    void anUnknownFrameTypeIsAnError() {
        assertThatThrownBy(() -> WorkerFrame.read(new DataInputStream(new ByteArrayInputStream(new byte[] {99}))))
                .isInstanceOf(IOException.class).hasMessageContaining("99");
    }
}
