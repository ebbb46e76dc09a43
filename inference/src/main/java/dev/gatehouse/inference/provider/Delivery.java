package dev.gatehouse.inference.provider;

/** How the provider is asked to answer; the caller gets a {@link dev.gatehouse.inference.TokenStream} either way. */
public enum Delivery {
    /** Server-sent events, proxied token by token. */
    STREAMING,
    /** One JSON answer, handed on as one text event and the end. */
    BUFFERED
}
