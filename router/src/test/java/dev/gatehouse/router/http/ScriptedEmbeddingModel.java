package dev.gatehouse.router.http;

import dev.gatehouse.inference.EmbeddingModel;
import dev.gatehouse.inference.EmbeddingResult;
import java.util.ArrayList;
import java.util.List;

/** Embeds a text as the unit vector (length, 1, 0): predictable and distinct per input length. */
final class ScriptedEmbeddingModel implements EmbeddingModel {

    @Override
    public EmbeddingResult embed(List<String> inputs) {
        List<float[]> vectors = new ArrayList<>();
        int tokens = 0;
        for (String text : inputs) {
            float x = text.length();
            float norm = (float) Math.sqrt(x * x + 1);
            vectors.add(new float[] {x / norm, 1 / norm, 0});
            tokens += text.strip().split("\\s+").length;
        }
        return new EmbeddingResult(vectors, tokens);
    }

    @Override
    public int dimensions() {
        return 3;
    }

    @Override
    public int contextLength() {
        return 512;
    }

    @Override
    public dev.gatehouse.inference.ModelRuntime runtime() {
        return new dev.gatehouse.inference.ModelRuntime("scripted", "cpu", "test", 0, false);
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public boolean alive() {
        return true;
    }

    @Override
    public void close() {}
}
