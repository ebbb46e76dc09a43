package dev.gatehouse.router.tools;

import dev.gatehouse.inference.ChatMessage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tools that understood a request exactly, found before the decision (which sees no prompt text) and handed
 * to it as an input. A pure function of the conversation, the declared tools and the caller's date.
 *
 * @param matches every declared tool that understood the whole question, in the policy's order
 * @param skipped why no tool was even asked (a conversation, not a question), or null
 */
public record ToolMatches(List<ToolMatch> matches, String skipped) {

    public static final ToolMatches NONE = new ToolMatches(List.of(), null);

    public ToolMatches {
        matches = List.copyOf(matches);
    }

    /**
     * Asks each declared tool about the conversation's question. Only a lone question is a tool's: the user's
     * messages after optional system messages, with no assistant or tool turn, since an earlier answer can give
     * "that" or "it" a meaning no tool sees.
     */
    public static ToolMatches find(ToolSet tools, List<ChatMessage> messages, LocalDate today) {
        if (tools.targets().isEmpty() || messages.isEmpty()) return NONE;
        for (ChatMessage m : messages) {
            if (m.role() != ChatMessage.Role.USER && m.role() != ChatMessage.Role.SYSTEM) {
                return new ToolMatches(List.of(), "the conversation has " + m.role().name().toLowerCase(
                        java.util.Locale.ROOT) + " turns");
            }
        }
        List<ChatMessage> asked = messages.stream().filter(m -> m.role() == ChatMessage.Role.USER).toList();
        if (asked.size() != 1) {
            return new ToolMatches(List.of(), asked.isEmpty() ? "the conversation has no question"
                    : "the conversation has " + asked.size() + " user messages");
        }
        String question = asked.getFirst().content();
        List<ToolMatch> found = new ArrayList<>();
        if (tools.calculator()) Calculator.answer(question).map(ToolMatch::builtIn).ifPresent(found::add);
        if (tools.datetime()) DateCalculator.answer(question, today).map(ToolMatch::builtIn).ifPresent(found::add);
        for (HttpTool tool : tools.http()) {
            tool.inputsFor(question).map(inputs -> ToolMatch.http(tool, inputs)).ifPresent(found::add);
        }
        return new ToolMatches(found, null);
    }

    public Optional<ToolMatch> of(String target) {
        return matches.stream().filter(m -> m.target().equals(target)).findFirst();
    }
}
