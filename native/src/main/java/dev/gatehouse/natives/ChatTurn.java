package dev.gatehouse.natives;

import java.util.Set;

/**
 * One message of a conversation as the chat template sees it; exists so callers need not know the binding's
 * message type.
 *
 * @param role    "system", "user" or "assistant"
 * @param content the text
 */
public record ChatTurn(String role, String content) {

    static final Set<String> ROLES = Set.of("system", "user", "assistant");

    public ChatTurn {
        if (role == null || !ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + ROLES + ", was " + role);
        }
        if (content == null) {
            throw new IllegalArgumentException("content must not be null");
        }
    }
}
