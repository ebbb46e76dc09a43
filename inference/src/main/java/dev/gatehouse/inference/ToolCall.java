package dev.gatehouse.inference;

import java.util.Objects;

/**
 * A function call the model asked for, in OpenAI's terms.
 *
 * @param id        the call id the client echoes back in the {@code tool} message that answers it
 * @param name      the function's name
 * @param arguments the arguments as a JSON text (OpenAI sends and expects a string)
 */
public record ToolCall(String id, String name, String arguments) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
    }
}
