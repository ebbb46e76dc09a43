package dev.gatehouse.router.bench;

import dev.gatehouse.natives.ChatEngine;
import dev.gatehouse.natives.ChatEngines;
import dev.gatehouse.natives.ChatTurn;
import dev.gatehouse.natives.EngineEvent;
import dev.gatehouse.natives.EngineGeneration;
import dev.gatehouse.natives.EngineInfo;
import dev.gatehouse.natives.GenerationSettings;
import dev.gatehouse.natives.LlamaLoadOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * (a) llama.cpp's own loop through the same libraries, in this JVM: the {@link ChatEngine} the worker would open,
 * called directly — tokenise, batched decode, greedy sampling, detokenise — with no worker, no pool and no HTTP.
 * Thread-safe: each concurrent stream calls {@link #run} on a platform thread of its own.
 */
final class InProcessEnginePath implements GenerationPath {
    private final ChatEngine engine;

    InProcessEnginePath(Path file, int slots, int threads, ChatEngines.LlamaCppLibraries libraries, Path jniTmp) {
        this.engine = ChatEngines.open(EngineInfo.LLAMA_CPP,
                new LlamaLoadOptions(file, BenchPool.CONTEXT, slots, threads, 0, null), libraries, jniTmp);
    }

    /** Which engine and library version the model runs on. */
    EngineInfo info() {
        return engine.info();
    }

    @Override
    public String name() {
        return "(a) llama.cpp in process";
    }

    @Override
    public GenerationSample run(String prompt, int maxTokens) throws InterruptedException {
        long start = System.nanoTime();
        long first = -1;
        String formatted = engine.formatChat(List.of(new ChatTurn("user", prompt)));
        try (EngineGeneration generation = engine.start(formatted, GenerationSettings.greedy(maxTokens))) {
            EngineEvent event;
            while ((event = generation.next()) instanceof EngineEvent.Piece piece) {
                if (first < 0 && !piece.text().isEmpty()) first = System.nanoTime() - start;
            }
            var end = (EngineEvent.Finished) event;
            return new GenerationSample(first, System.nanoTime() - start, end.generatedTokens(), end.promptTokens());
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
