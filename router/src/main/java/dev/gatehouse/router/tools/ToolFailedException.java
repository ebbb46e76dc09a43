package dev.gatehouse.router.tools;

/** A tool that could not answer: the request goes to a model, and the reason names the tool and what went wrong. */
public final class ToolFailedException extends RuntimeException {
    private final String tool;

    public ToolFailedException(String tool, String reason) {
        super(tool + ": " + reason);
        this.tool = tool;
    }

    public String tool() {
        return tool;
    }
}
