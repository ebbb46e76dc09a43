package dev.gatehouse.inference;

import java.util.List;

/** What a chat model is asked to continue, in the backend's terms (no HTTP or JSON here). */
public record ChatRequest(List<ChatMessage> messages, GenerationParams params) {
    public ChatRequest {
        messages = List.copyOf(messages);
    }
}
