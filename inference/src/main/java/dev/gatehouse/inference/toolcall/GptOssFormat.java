package dev.gatehouse.inference.toolcall;

import dev.gatehouse.inference.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gpt-oss (harmony): the reply is a run of messages, each a header, {@code <|message|>}, a body, and an end marker.
 * A header naming {@code to=functions.NAME} makes the body that function's JSON arguments (ended by
 * {@code <|call|>}); an {@code analysis} channel body is reasoning; any other body is content. Text without harmony
 * markers is all content.
 */
final class GptOssFormat implements FormatParser {

    private static final String MESSAGE = "<|message|>";
    private static final List<String> ENDS = List.of("<|end|>", "<|call|>", "<|return|>");
    private static final List<String> MARKERS = List.of("<|start|>", "<|channel|>", MESSAGE, "<|constrain|>",
            "<|end|>", "<|call|>", "<|return|>");
    private static final Pattern RECIPIENT = Pattern.compile("to=functions\\.([^\\s<]+)");
    private static final Pattern CHANNEL = Pattern.compile("<\\|channel\\|>\\s*([A-Za-z]+)");

    @Override
    public ParsedToolCalls parse(String text, CallIds ids) {
        if (MARKERS.stream().noneMatch(text::contains)) {
            return ParsedToolCalls.contentOnly(text);
        }
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int body = text.indexOf(MESSAGE, pos);
            if (body < 0) {
                content.append(text, pos, text.length());
                break;
            }
            String header = text.substring(pos, body);
            int bodyStart = body + MESSAGE.length();
            int bodyEnd = firstEnd(text, bodyStart);
            String bodyText = text.substring(bodyStart, bodyEnd);
            int next = bodyEnd;
            for (String end : ENDS) {
                if (text.startsWith(end, bodyEnd)) {
                    next = bodyEnd + end.length();
                }
            }
            Matcher recipient = RECIPIENT.matcher(header);
            Matcher channel = CHANNEL.matcher(header);
            if (recipient.find()) {
                Optional<String> arguments = JsonSpan.object(bodyText);
                if (arguments.isPresent()) {
                    calls.add(new ToolCall(ids.next(), recipient.group(1), arguments.get()));
                } else {
                    content.append(text, pos, next);
                }
            } else if (channel.find() && channel.group(1).equals("analysis")) {
                reasoning.append(bodyText);
            } else {
                content.append(bodyText);
            }
            pos = next;
        }
        return new ParsedToolCalls(content.toString(), reasoning.toString(), calls);
    }

    private static int firstEnd(String text, int from) {
        int end = text.length();
        for (String marker : List.of("<|end|>", "<|call|>", "<|return|>", "<|start|>")) {
            int at = text.indexOf(marker, from);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return end;
    }

    /**
     * Holds back from the header of the first message addressed to a function, or from a header still being
     * written (it may yet name one), or from a partly written marker at the end.
     */
    @Override
    public int heldBackFrom(String text) {
        int pos = 0;
        while (pos < text.length()) {
            int body = text.indexOf(MESSAGE, pos);
            if (body < 0) {
                int header = firstMarker(text, pos);
                return header >= 0 ? header : partialMarker(text);
            }
            if (RECIPIENT.matcher(text.substring(pos, body)).find()) {
                return pos;
            }
            int bodyEnd = firstEnd(text, body + MESSAGE.length());
            if (bodyEnd == text.length()) {
                return partialMarker(text);
            }
            pos = bodyEnd;
            for (String end : ENDS) {
                if (text.startsWith(end, bodyEnd)) {
                    pos = bodyEnd + end.length();
                }
            }
        }
        return text.length();
    }

    private static int firstMarker(String text, int from) {
        int first = -1;
        for (String marker : MARKERS) {
            int at = text.indexOf(marker, from);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    private static int partialMarker(String text) {
        int held = text.length();
        for (String marker : MARKERS) {
            held = Math.min(held, FormatParser.partialMarkerAt(text, marker));
        }
        return held;
    }
}
