package dev.gatehouse.router.serving;

import dev.gatehouse.inference.FinishReason;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.inference.Usage;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.tools.HttpToolCall;
import dev.gatehouse.router.tools.ToolAnswer;
import dev.gatehouse.router.tools.ToolFailedException;
import dev.gatehouse.router.tools.ToolMatch;
import dev.gatehouse.router.tools.ToolMatches;
import java.util.List;

/**
 * Answers a decided request with a tool target, for the fallback chain like any target: a built-in tool's answer
 * (computed when it matched), or an HTTP tool called with the inputs parsed from the question, within the request's
 * deadline. A tool that cannot answer throws {@link ToolFailedException}, so the models behind it in the decision
 * answer instead. The answer is one text event and an end; usage is zero (no tokens were generated).
 */
final class ToolAttempt {

    private ToolAttempt() {}

    static TokenStream start(String target, ToolMatches tools, DataClass data, HttpToolCall http,
            RequestDeadline deadline) {
        ToolMatch match = tools.of(target).orElseThrow(() -> new ToolFailedException(target,
                "did not understand this request"));
        if (!match.mayReceive(data)) { // the last check before the inputs leave, whatever chose this target
            throw new ToolFailedException(target, "may not receive " + data.wireName() + " data");
        }
        ToolAnswer answer = match.answer() != null ? match.answer() : call(match, http, deadline);
        return new ReplayedTokens(List.of(new TokenEvent.Text(answer.content()),
                new TokenEvent.End(FinishReason.STOP, new Usage(0, 0))));
    }

    private static ToolAnswer call(ToolMatch match, HttpToolCall http, RequestDeadline deadline) {
        deadline.remaining(); // a request already past its deadline calls nothing
        return deadline.interruptible(() -> {
            try {
                return http.call(match.httpTool(), match.inputs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolFailedException(match.target(), "interrupted");
            }
        });
    }
}
