package dev.gatehouse.inference.template;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a chat template is rendered with. Messages and tools are in OpenAI's shape: a message has {@code role},
 * {@code content} and optionally {@code tool_calls} ({@code [{id, type: "function", function: {name, arguments}}]})
 * or {@code tool_call_id}; a tool is {@code {type: "function", function: {name, description, parameters}}}.
 * {@code extra} holds template-specific variables such as {@code enable_thinking} or {@code reasoning_effort}.
 * The clock feeds {@code strftime_now}, which some templates use to print today's date.
 *
 * @param tools null or empty when the request has no tools; templates then see {@code tools} as none
 */
public record ChatTemplateInput(List<Map<String, Object>> messages, List<Map<String, Object>> tools,
                                boolean addGenerationPrompt, String bosToken, String eosToken,
                                Map<String, Object> extra, Clock clock) {

    public ChatTemplateInput {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(bosToken, "bosToken (use \"\" when the model has none)");
        Objects.requireNonNull(eosToken, "eosToken (use \"\" when the model has none)");
        Objects.requireNonNull(clock, "clock");
        tools = tools == null || tools.isEmpty() ? null : tools;
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        for (String reserved : List.of("messages", "tools", "add_generation_prompt", "bos_token", "eos_token")) {
            if (extra.containsKey(reserved)) {
                throw new IllegalArgumentException("extra: '" + reserved + "' is set by its own field, not in extra");
            }
        }
    }

    /** A plain conversation without tools, with a generation prompt, no special tokens and the system clock. */
    public static ChatTemplateInput of(List<Map<String, Object>> messages) {
        return new ChatTemplateInput(messages, null, true, "", "", Map.of(), Clock.systemDefaultZone());
    }

    public ChatTemplateInput withTools(List<Map<String, Object>> newTools) {
        return new ChatTemplateInput(messages, newTools, addGenerationPrompt, bosToken, eosToken, extra, clock);
    }

    public ChatTemplateInput withGenerationPrompt(boolean add) {
        return new ChatTemplateInput(messages, tools, add, bosToken, eosToken, extra, clock);
    }

    public ChatTemplateInput withSpecialTokens(String bos, String eos) {
        return new ChatTemplateInput(messages, tools, addGenerationPrompt, bos, eos, extra, clock);
    }

    public ChatTemplateInput withExtra(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extra);
        more.put(name, value);
        return new ChatTemplateInput(messages, tools, addGenerationPrompt, bosToken, eosToken, more, clock);
    }

    public ChatTemplateInput withClock(Clock newClock) {
        return new ChatTemplateInput(messages, tools, addGenerationPrompt, bosToken, eosToken, extra, newClock);
    }
}
