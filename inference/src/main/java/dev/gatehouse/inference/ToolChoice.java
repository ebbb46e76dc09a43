package dev.gatehouse.inference;

/**
 * OpenAI's {@code tool_choice}: whether the model may, must or must not call a tool, or must call one named function.
 *
 * @param mode     AUTO (default), NONE, REQUIRED, or FUNCTION with {@code function} set
 * @param function the function that must be called when mode is FUNCTION, else null
 */
public record ToolChoice(Mode mode, String function) {
    public enum Mode { AUTO, NONE, REQUIRED, FUNCTION }

    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);

    public ToolChoice {
        if ((mode == Mode.FUNCTION) != (function != null)) {
            throw new IllegalArgumentException("function is set exactly when mode is FUNCTION");
        }
    }
}
