package dev.gatehouse.router.bench;

import dev.gatehouse.inference.ChatLease;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.manifest.ModelSpec;
import java.util.List;

/** (b) Through the pool and the worker process, without HTTP: what the extra hop costs. */
final class PoolPath implements GenerationPath {
    private final ModelPool pool;
    private final ModelSpec spec;

    PoolPath(ModelPool pool, ModelSpec spec) {
        this.pool = pool;
        this.spec = spec;
    }

    @Override
    public String name() {
        return "worker (pool lease, worker process, no HTTP)";
    }

    @Override
    public GenerationSample run(String prompt, int maxTokens) {
        long start = System.nanoTime();
        long first = -1;
        var messages = List.of(new ChatMessage(ChatMessage.Role.USER, prompt));
        try (ChatLease lease = pool.leaseChat(spec);
             TokenStream stream = lease.generate(new ChatRequest(messages, new GenerationParams(maxTokens, 0.0, 1.0, 1L, List.of())))) {
            TokenEvent event;
            while ((event = stream.next()) instanceof TokenEvent.Text) {
                if (first < 0) first = System.nanoTime() - start;
            }
            int tokens = ((TokenEvent.End) event).usage().completionTokens();
            return new GenerationSample(first, System.nanoTime() - start, tokens);
        }
    }

    @Override
    public void close() {}
}
