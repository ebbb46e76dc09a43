package dev.gatehouse.inference;

import java.util.List;

/**
 * A target (a provider, or a local engine) cannot honour what the request asked for. It refuses instead of
 * dropping the option, before anything was sent, so the HTTP layer answers with a 400 naming the field and a
 * fallback chain may try a target that can.
 */
public final class UnsupportedOptionException extends RuntimeException {

    private final List<String> params;
    private final String target;

    /**
     * @param params the OpenAI request fields the target cannot honour, e.g. {@code logprobs}; at least one
     * @param target who refuses, as a reader would name it, e.g. {@code provider anthropic-x}
     */
    public UnsupportedOptionException(List<String> params, String target) {
        super(String.join(", ", params) + ": not supported by " + target, null, false, false);
        if (params.isEmpty()) {
            throw new IllegalArgumentException("a refusal names at least one field");
        }
        this.params = List.copyOf(params);
        this.target = target;
    }

    public UnsupportedOptionException(String param, String target) {
        this(List.of(param), target);
    }

    /** The first refused field: OpenAI's error carries one {@code param}; the message names them all. */
    public String param() {
        return params.getFirst();
    }

    public List<String> params() {
        return params;
    }

    public String target() {
        return target;
    }
}
