package dev.gatehouse.inference.toolcall;

/** For templates that cannot express tool calls: everything is content. */
final class NoToolCalls implements FormatParser {

    @Override
    public ParsedToolCalls parse(String text, CallIds ids) {
        return ParsedToolCalls.contentOnly(text);
    }

    @Override
    public int heldBackFrom(String text) {
        return text.length();
    }
}
