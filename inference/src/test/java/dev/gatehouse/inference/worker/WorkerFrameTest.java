package dev.gatehouse.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class WorkerFrameTest {

    static List<WorkerFrame> everyKindOfFrame() {
        String longPrompt = "é".repeat(70_000); // past writeUTF's 64 KiB limit
        var turns = List.of(new WorkerFrame.Turn("system", "be brief"), new WorkerFrame.Turn("user", longPrompt));
        return List.of(
                new WorkerFrame.Load("/models/a.gguf", 2048, 2, 4, 0, null),
                new WorkerFrame.Load("/models/a.gguf", 2048, 2, 4, 99, "{{ messages }}"),
                new WorkerFrame.Generate(7, turns, 64, 0.7f, 0.9f, 42, List.of("\n\n", "END")),
                new WorkerFrame.Generate(8, turns, 1, 0f, 1f, null, List.of()),
                new WorkerFrame.Count(9, turns),
                new WorkerFrame.Cancel(7),
                new WorkerFrame.Shutdown(),
                new WorkerFrame.Loaded(2048, 12345),
                new WorkerFrame.Failed(-1, "MODEL_FILE_CORRUPT", "bad magic in /models/a.gguf"),
                new WorkerFrame.Piece(7, " once upon a 🐉"),
                new WorkerFrame.End(7, true, 12, 64),
                new WorkerFrame.Counted(9, 31));
    }

    @ParameterizedTest
    @MethodSource("everyKindOfFrame")
    void everyFrameReadsBackAsWritten(WorkerFrame frame) throws IOException {
        var bytes = new ByteArrayOutputStream();
        WorkerFrame.write(new DataOutputStream(bytes), frame);
        WorkerFrame back = WorkerFrame.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(back).isEqualTo(frame);
    }

    @Test
    void anUnknownFrameTypeIsAnError() {
        assertThatThrownBy(() -> WorkerFrame.read(new DataInputStream(new ByteArrayInputStream(new byte[] {99}))))
                .isInstanceOf(IOException.class).hasMessageContaining("99");
    }
}
