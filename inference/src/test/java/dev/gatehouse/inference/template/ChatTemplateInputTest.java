package dev.gatehouse.inference.template;

import static dev.gatehouse.inference.template.Conversations.assistantCalling;
import static dev.gatehouse.inference.template.Conversations.input;
import static dev.gatehouse.inference.template.Conversations.message;
import static dev.gatehouse.inference.template.Conversations.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatTemplateInputTest {

    @Test
    void toolCallArgumentsGivenAsAJsonStringReachTheTemplateAsAMapping() {
        String out = ChatTemplate.compile(
                "{% for c in messages[0].tool_calls %}{{ c.function.arguments is mapping }} "
                        + "{{ c.function.arguments.city }} {{ c.function.arguments|tojson }}{% endfor %}")
                .render(input(List.of(assistantCalling(null, toolCall("a", "f", "{\"city\":\"Oslo\",\"n\":2}")))));
        assertThat(out).isEqualTo("True Oslo {\"city\": \"Oslo\", \"n\": 2}");
    }

    @Test
    void argumentsThatAreNotJsonStayAString() {
        String out = ChatTemplate.compile("{{ messages[0].tool_calls[0].function.arguments is string }}")
                .render(input(List.of(assistantCalling(null, toolCall("a", "f", "{not json")))));
        assertThat(out).isEqualTo("True");
    }

    @Test
    void nullContentBecomesEmptyTextAsInLlamaServer() {
        String out = ChatTemplate.compile("[{{ messages[0].content }}]")
                .render(input(List.of(assistantCalling(null, toolCall("a", "f", "{}")))));
        assertThat(out).isEqualTo("[]");
    }

    @Test
    void templatesThatMutateListsDoNotTouchTheCallersMessages() {
        List<Map<String, Object>> messages = new ArrayList<>(List.of(message("user", "hi")));
        ChatTemplate.compile("{% set _ = messages.pop() %}{{ messages|length }}").render(input(messages));
        assertThat(messages).hasSize(1);
    }

    @Test
    void emptyToolsAreNoneToTheTemplate() {
        String out = ChatTemplate.compile("{{ tools is none }}")
                .render(input(List.of(message("user", "hi"))).withTools(List.of()));
        assertThat(out).isEqualTo("True");
    }

    @Test
    void extraVariablesAndSpecialTokensAreVisible() {
        String out = ChatTemplate.compile("{{ bos_token }}{{ enable_thinking }}{{ add_generation_prompt }}{{ eos_token }}")
                .render(input(List.of()).withSpecialTokens("<s>", "</s>").withExtra("enable_thinking", false));
        assertThat(out).isEqualTo("<s>FalseTrue</s>");
    }

    @Test
    void aValueOfAnUnsupportedTypeIsRejectedWithItsPath() {
        ChatTemplate template = ChatTemplate.compile("x");
        assertThatThrownBy(() -> template.render(input(List.of(Map.of("role", "user", "content", new Object())))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("messages[0].content");
    }
}
