package dev.gatehouse.inference;

/** What a {@link TokenStream} yields: text pieces, then exactly one end. */
public sealed interface TokenEvent {

    /** Generated text, usually one token's worth. */
    record Text(String text) implements TokenEvent {}

    /** Generation is over; no more events follow. */
    record End(FinishReason finishReason, Usage usage) implements TokenEvent {}
}
