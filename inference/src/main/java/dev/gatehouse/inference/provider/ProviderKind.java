package dev.gatehouse.inference.provider;

/** The wire format a provider speaks. */
public enum ProviderKind {
    /** OpenAI chat completions ({@code POST {baseUrl}/chat/completions}); most hosted and self-hosted servers. */
    OPENAI,
    /** Anthropic Messages ({@code POST {baseUrl}/messages}). */
    ANTHROPIC
}
