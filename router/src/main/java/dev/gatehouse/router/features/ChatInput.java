package dev.gatehouse.router.features;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.router.privacy.DataClass;
import java.util.List;
import java.util.Objects;

/**
 * A chat request as the feature extractor sees it: the conversation and what the client asked for, parsed and
 * validated by the HTTP layer.
 *
 * @param maxTokens         requested completion budget, or null
 * @param structuredOutput  {@code response_format} asked for JSON
 * @param toolsRequested    {@code tools} was a non-empty list
 * @param declaredDataClass from {@code x-gatehouse-data-class} or the tenant, or null; detection may only raise it
 */
public record ChatInput(
        List<ChatMessage> messages,
        Integer maxTokens,
        boolean structuredOutput,
        boolean toolsRequested,
        DataClass declaredDataClass,
        RequestFeatures.Requested request) {

    public ChatInput {
        messages = List.copyOf(messages);
        Objects.requireNonNull(request, "request");
    }

    /** The last user message: the task the request is about, and what the classifiers read. */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == ChatMessage.Role.USER) {
                return messages.get(i).content();
            }
        }
        return messages.isEmpty() ? "" : messages.getLast().content();
    }

    /** Every message's content joined by newlines: what the privacy scanner reads (findings index into it). */
    public String conversationText() {
        StringBuilder text = new StringBuilder();
        for (ChatMessage m : messages) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(m.content());
        }
        return text.toString();
    }
}
