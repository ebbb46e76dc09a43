package dev.gatehouse.inference.template;

/**
 * The value of a missing variable, attribute or item. Distinct from {@code none} (Java null): it is falsy, renders as
 * nothing, iterates as empty, and reading an attribute of it gives another undefined, so templates can probe
 * optional fields ({@code message.tool_calls is defined}) without failing.
 */
record Undefined(String name) {

    @Override
    public String toString() {
        return "";
    }
}
