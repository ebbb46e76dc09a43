package dev.gatehouse.inference.toolcall;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Reads tool calls out of generated text in one {@link ToolCallFormat}. Never loses text: a call that cannot be read
 * (bad JSON, no name) is returned as content, verbatim. Instances are cheap; one per request is fine. Not
 * thread-safe when the random source is not.
 */
public final class ToolCallParser {

    private final FormatParser format;
    private final CallIds ids;

    private ToolCallParser(FormatParser format, CallIds ids) {
        this.format = format;
        this.ids = ids;
    }

    /** A parser for {@code format} whose call ids come from {@code random} (seed it in tests). */
    public static ToolCallParser of(ToolCallFormat format, RandomGenerator random) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(random, "random");
        FormatParser parser = switch (format) {
            case HERMES -> new HermesFormat();
            case LLAMA3_JSON -> new Llama3JsonFormat();
            case MISTRAL -> new MistralFormat();
            case GPT_OSS -> new GptOssFormat();
            case NONE -> new NoToolCalls();
        };
        return new ToolCallParser(parser, new CallIds(random));
    }

    /** Splits a finished generation into content and calls. */
    public ParsedToolCalls parse(String generatedText) {
        return format.parse(Objects.requireNonNull(generatedText, "generatedText"), ids);
    }

    /**
     * While streaming: whether the text so far contains, or ends with what may become, a tool call, so the server
     * should hold back content rather than stream call syntax to the client.
     */
    public boolean mayBeToolCallPrefix(String textSoFar) {
        return safeContentLength(textSoFar) < textSoFar.length();
    }

    /** While streaming: how many leading characters of the text so far are plain content, safe to send now. */
    public int safeContentLength(String textSoFar) {
        return format.heldBackFrom(Objects.requireNonNull(textSoFar, "textSoFar"));
    }
}
