package dev.gatehouse.router.cli;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatModel;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.EmbeddingModel;
import dev.gatehouse.inference.EmbeddingResult;
import dev.gatehouse.inference.FinishReason;
import dev.gatehouse.inference.LoadedModel;
import dev.gatehouse.inference.ModelLoader;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.inference.Usage;
import dev.gatehouse.manifest.TaskKind;
import java.util.List;

/** A loader whose chat models answer with the last user message and whose embeddings are constant. */
final class EchoModels implements ModelLoader {

    @Override
    public LoadedModel load(dev.gatehouse.manifest.ModelSpec spec, int slots, int context) {
        return spec.serves(TaskKind.CHAT) ? new Echo(context) : new Constant();
    }

    private record Echo(int contextLength) implements ChatModel {
        @Override
        public int countPromptTokens(List<ChatMessage> messages) {
            return messages.size();
        }

        @Override
        public dev.gatehouse.inference.LocalGeneration generate(ChatRequest request) {
            String text = request.messages().getLast().content();
            return new dev.gatehouse.inference.LocalGeneration() {
                boolean sent;

                @Override
                public int promptTokens() {
                    return request.messages().size();
                }

                @Override
                public TokenEvent next() {
                    if (sent) {
                        return new TokenEvent.End(FinishReason.STOP, new Usage(request.messages().size(), 1));
                    }
                    sent = true;
                    return new TokenEvent.Text(text);
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public dev.gatehouse.inference.ModelRuntime runtime() {
            return new dev.gatehouse.inference.ModelRuntime("echo", "cpu", "test", 0, false);
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

    private record Constant() implements EmbeddingModel {
        @Override
        public EmbeddingResult embed(List<String> inputs) {
            return new EmbeddingResult(inputs.stream().map(i -> new float[] {1, 0}).toList(), inputs.size());
        }

        @Override
        public int dimensions() {
            return 2;
        }

        @Override
        public int contextLength() {
            return 128;
        }

        @Override
        public dev.gatehouse.inference.ModelRuntime runtime() {
            return new dev.gatehouse.inference.ModelRuntime("echo", "cpu", "test", 0, false);
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
}
