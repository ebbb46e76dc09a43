package dev.gatehouse.router.tools;

import dev.gatehouse.router.privacy.DataClass;
import java.util.Map;
import java.util.Objects;

/**
 * A tool that understood the whole request: what the decision needs to choose it (the target, what it understood,
 * the most sensitive data it may receive) and what answering needs (the built-in tool's answer, or the inputs an
 * HTTP tool is called with). The decision reads only {@link #target}, {@link #understood} and {@link #mayReceive}.
 *
 * @param target     {@code tool/calculator}, {@code tool/datetime} or {@code tool/<http-name>}
 * @param understood what the tool took the request to be ("percentage", "days between dates"), never prompt text
 * @param mayReceive the most sensitive data class the tool may receive; null for built-in tools, which run in the
 *                   router's own process and send nothing anywhere
 * @param answer     a built-in tool's answer, computed while matching (it is the match); null for HTTP tools
 * @param httpTool   the HTTP tool to call, null for built-in tools
 * @param inputs     its inputs, parsed from the question; empty for built-in tools
 */
public record ToolMatch(String target, String understood, DataClass mayReceive, ToolAnswer answer, HttpTool httpTool,
                        Map<String, Object> inputs) {

    public ToolMatch {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(understood, "understood");
        inputs = Map.copyOf(inputs);
        if ((answer == null) == (httpTool == null)) {
            throw new IllegalArgumentException("a tool match has a built-in answer or an HTTP tool to call, not both");
        }
    }

    static ToolMatch builtIn(ToolAnswer answer) {
        return new ToolMatch(answer.tool(), answer.matched(), null, answer, null, Map.of());
    }

    static ToolMatch http(HttpTool tool, Map<String, Object> inputs) {
        return new ToolMatch(tool.target(), "http tool " + tool.name(), tool.dataClass(), null, tool, inputs);
    }

    /** Whether the tool may receive a request of this class (built-in tools receive any: nothing leaves). */
    public boolean mayReceive(DataClass dataClass) {
        return mayReceive == null || dataClass.ordinal() <= mayReceive.ordinal();
    }
}
