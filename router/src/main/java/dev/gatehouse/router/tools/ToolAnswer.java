package dev.gatehouse.router.tools;

/**
 * What a deterministic tool says to a request it answers exactly.
 *
 * @param tool    the tool's target name, e.g. {@code tool/calculator}
 * @param content the answer, as the assistant message's text
 * @param matched what the tool understood the request to be (for the decision's reasons), never the prompt itself
 */
public record ToolAnswer(String tool, String content, String matched) {
}
