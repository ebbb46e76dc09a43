package dev.gatehouse.inference.toolcall;

import java.util.Objects;

/**
 * One function call the model asked for, in OpenAI's terms.
 *
 * @param id        {@code call_} followed by 24 letters and digits, made up by the parser
 * @param name      the function name as the model wrote it
 * @param arguments the arguments as compact JSON text (OpenAI sends arguments as a string)
 */
public record ToolCall(String id, String name, String arguments) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
    }
}
