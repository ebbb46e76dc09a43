package dev.gatehouse.inference.toolcall;

/** One model family's way of writing tool calls into generated text. */
sealed interface FormatParser permits HermesFormat, Llama3JsonFormat, MistralFormat, GptOssFormat, NoToolCalls {

    ParsedToolCalls parse(String text, CallIds ids);

    /**
     * Offset from which the text may be (the start of) a tool call and should not be streamed as content yet;
     * {@code text.length()} when everything so far is plain content.
     */
    int heldBackFrom(String text);

    /** Where a proper prefix of {@code marker} ends the text (e.g. "...<tool_c"), else {@code text.length()}. */
    static int partialMarkerAt(String text, String marker) {
        for (int n = Math.min(marker.length() - 1, text.length()); n > 0; n--) {
            if (text.endsWith(marker.substring(0, n))) {
                return text.length() - n;
            }
        }
        return text.length();
    }

    /** Hold back from the first full marker, or from a partial marker at the very end. */
    static int heldBackAtMarker(String text, String marker) {
        int at = text.indexOf(marker);
        return at >= 0 ? at : partialMarkerAt(text, marker);
    }
}
