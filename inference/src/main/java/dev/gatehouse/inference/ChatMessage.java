package dev.gatehouse.inference;

import java.util.Objects;

/** One turn of a conversation, already validated by the HTTP layer. */
public record ChatMessage(Role role, String content) {
    public enum Role {
        SYSTEM,
        USER,
        ASSISTANT;

        /** The lower-case name used by OpenAI and by chat templates. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}
