package dev.gatehouse.natives.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.natives.EngineEvent;
import dev.gatehouse.natives.EngineGeneration;
import dev.gatehouse.natives.GenerationSettings;
import dev.gatehouse.natives.LlamaLoadOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LlamaCppEngineSmokeTest {

    @Test
    void storiesModelTellsAStoryGreedily() throws Exception {
        LlamaCppLibrary lib = CpuBackend.library();
        System.err.println(lib.devices());
        Path file = Path.of(System.getProperty("gatehouse.shared.models"), "stories260K.gguf");
        try (LlamaCppEngine engine = LlamaCppEngine.open(lib, LlamaLoadOptions.cpu(file, 256, 2))) {
            System.err.println("template=" + engine.chatTemplate() + " bos=" + engine.bosToken());
            StringBuilder text = new StringBuilder();
            try (EngineGeneration g = engine.start("Once upon a time", GenerationSettings.greedy(30))) {
                for (EngineEvent e = g.next(); ; e = g.next()) {
                    if (e instanceof EngineEvent.Piece p) text.append(p.text());
                    else { System.err.println(e); break; }
                }
            }
            System.err.println("TEXT: " + text);
            assertThat(text).isNotEmpty();
        }
    }
}
