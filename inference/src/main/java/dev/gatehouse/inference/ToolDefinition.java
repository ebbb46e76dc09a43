package dev.gatehouse.inference;

import java.util.Objects;

/**
 * A function the client offers the model ({@code tools[].function}).
 *
 * @param name        the function's name
 * @param description what it does, or null
 * @param parameters  its JSON Schema as JSON text, or null when it takes none
 */
public record ToolDefinition(String name, String description, String parameters) {
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
    }
}
