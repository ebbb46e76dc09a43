package dev.gatehouse.router.bench;

import dev.gatehouse.natives.ChatTurn;
import dev.gatehouse.natives.LlamaLoadOptions;
import dev.gatehouse.natives.LlamaModelHandle;
import dev.gatehouse.natives.NativeGeneration;
import dev.gatehouse.natives.NativeLibraries;
import dev.gatehouse.natives.Sampling;
import java.nio.file.Path;
import java.util.List;

/** (a) The binding called in this JVM: no worker, no HTTP. The baseline. */
final class DirectPath implements GenerationPath {
    private final LlamaModelHandle model;

    DirectPath(Path file, int context, int threads, Path tmp) {
        NativeLibraries.loadLlama(tmp);
        this.model = LlamaModelHandle.open(new LlamaLoadOptions(file, context, 1, threads, 0, null));
    }

    @Override
    public String name() {
        return "direct (java-llama.cpp in process)";
    }

    @Override
    public GenerationSample run(String prompt, int maxTokens) {
        long start = System.nanoTime();
        long first = -1;
        String formatted = model.formatChat(List.of(new ChatTurn("user", prompt)));
        try (NativeGeneration generation = model.generate(formatted, new Sampling(maxTokens, 0f, 1f, 1, List.of()))) {
            for (String piece = generation.nextPiece(); piece != null; piece = generation.nextPiece()) {
                if (first < 0) first = System.nanoTime() - start;
            }
            return new GenerationSample(first, System.nanoTime() - start, generation.generatedTokens());
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
