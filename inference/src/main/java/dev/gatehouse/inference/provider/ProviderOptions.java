package dev.gatehouse.inference.provider;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Request settings a provider receives in OpenAI's own form, as the client sent them: a provider compiles and
 * enforces a response format itself, while a local engine needs it compiled to a grammar first (which is all
 * {@link dev.gatehouse.inference.ResponseFormat} holds).
 *
 * @param responseFormat    OpenAI's {@code response_format} object as validated ({@code json_object} or
 *                          {@code json_schema}), or null for plain text
 * @param parallelToolCalls OpenAI's {@code parallel_tool_calls}, or null for the provider's default
 */
public record ProviderOptions(JsonNode responseFormat, Boolean parallelToolCalls) {

    public static final ProviderOptions NONE = new ProviderOptions(null, null);

    public ProviderOptions {
        if (responseFormat != null && !responseFormat.path("type").isTextual()) {
            throw new IllegalArgumentException("responseFormat must be an OpenAI response_format object with a type");
        }
    }

    /** The response format's type ({@code json_object}, {@code json_schema}), or null for plain text. */
    String responseFormatType() {
        return responseFormat == null ? null : responseFormat.path("type").asText();
    }
}
