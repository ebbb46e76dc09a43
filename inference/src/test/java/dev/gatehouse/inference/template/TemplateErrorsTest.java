package dev.gatehouse.inference.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateErrorsTest {

    private static String render(String source) {
        return ChatTemplate.compile(source).render(Conversations.input(Conversations.plainChat()));
    }

    @Test
    void anUnclosedIfIsASyntaxErrorAtTheIf() {
        assertThatThrownBy(() -> ChatTemplate.compile("ok\n  {% if x %}never closed"))
                .isInstanceOfSatisfying(TemplateSyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(3);
                    assertThat(e.detail()).contains("'if' is never closed");
                });
    }

    @Test
    void anUnknownTagIsNamed() {
        assertThatThrownBy(() -> ChatTemplate.compile("{% include 'x' %}"))
                .isInstanceOf(TemplateSyntaxException.class).hasMessageContaining("unknown tag 'include'");
    }

    @Test
    void aBrokenExpressionPointsAtTheBadToken() {
        assertThatThrownBy(() -> ChatTemplate.compile("{{ a + }}"))
                .isInstanceOfSatisfying(TemplateSyntaxException.class, e -> {
                    assertThat(e.column()).isEqualTo(8);
                    assertThat(e.detail()).contains("expected an expression");
                });
    }

    @Test
    void anUnterminatedStringIsASyntaxError() {
        assertThatThrownBy(() -> ChatTemplate.compile("{{ 'abc }}"))
                .isInstanceOf(TemplateSyntaxException.class).hasMessageContaining("string is not closed");
    }

    @Test
    void breakOutsideALoopIsRejectedAtCompileTime() {
        assertThatThrownBy(() -> ChatTemplate.compile("{% break %}"))
                .isInstanceOf(TemplateSyntaxException.class).hasMessageContaining("outside of a for loop");
    }

    @Test
    void raiseExceptionBecomesATypedExceptionWithTheTemplatesMessage() {
        assertThatThrownBy(() -> render("{% if messages[0].role == 'system' %}\n"
                + "{{ raise_exception('System role not supported') }}{% endif %}"))
                .isInstanceOfSatisfying(TemplateRaisedException.class, e -> {
                    assertThat(e.detail()).isEqualTo("System role not supported");
                    assertThat(e.line()).isEqualTo(2);
                });
    }

    @Test
    void raiseExceptionInsideAMacroIsStillTyped() {
        assertThatThrownBy(() -> render("{% macro check() %}{{ raise_exception('no') }}{% endmacro %}{{ check() }}"))
                .isInstanceOf(TemplateRaisedException.class).hasMessageStartingWith("no (template line 1");
    }

    @Test
    void callingSomethingUndefinedIsARenderErrorNamingIt() {
        assertThatThrownBy(() -> render("line one\n{{ nothing_here(1) }}"))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e).isNotInstanceOf(TemplateRaisedException.class);
                    assertThat(e.detail()).contains("'nothing_here' is undefined");
                    assertThat(e.line()).isEqualTo(2);
                });
    }

    @Test
    void anUnknownFilterFailsWhenUsedNamingTheFilter() {
        assertThatThrownBy(() -> render("{{ 'a'|shout }}"))
                .isInstanceOf(TemplateRenderException.class).hasMessageContaining("unknown filter 'shout'");
    }

    @Test
    void settingAnAttributeOnAPlainValueIsRejected() {
        assertThatThrownBy(() -> render("{% set x = 1 %}{% set x.y = 2 %}"))
                .isInstanceOf(TemplateRenderException.class).hasMessageContaining("only a namespace()");
    }

    @Test
    void tojsonOfUndefinedFailsLikePython() {
        assertThatThrownBy(() -> render("{{ missing|tojson }}"))
                .isInstanceOf(TemplateRenderException.class).hasMessageContaining("not JSON serializable");
    }

    @Test
    void aTemplateReadingToolsMentionsTools() {
        assertThat(ChatTemplate.compile("{% if tools %}{{ tools|tojson }}{% endif %}").mentionsTools()).isTrue();
        assertThat(ChatTemplate.compile("{{ 'tools' }}{% for m in messages %}{{ m.content }}{% endfor %}")
                .mentionsTools()).isFalse();
    }

    @Test
    void variablesReadListsTemplateKnobs() {
        assertThat(ChatTemplate.compile("{% if enable_thinking is false %}x{% endif %}").variablesRead())
                .contains("enable_thinking");
    }

    @Test
    void extraMayNotShadowTheStandardVariables() {
        assertThatThrownBy(() -> Conversations.input(List.of()).withExtra("tools", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'tools'");
    }
}
