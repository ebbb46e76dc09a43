package dev.gatehouse.router.policy;

import static dev.gatehouse.router.policy.PolicyFixtures.idle;
import static dev.gatehouse.router.policy.PolicyFixtures.policy;
import static dev.gatehouse.router.policy.PolicyFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.tools.ToolMatches;
import dev.gatehouse.router.tools.ToolSet;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table tests of the tool part of the pure decision: real tool matching on real questions, hand-made features. */
class ToolDecisionTest {

    static final LocalDate TODAY = LocalDate.of(2027, 1, 15);
    static final String TOOLS = """
            tools:
              calculator: true
              datetime: true
              http:
                - {name: stock, url: 'http://stock.internal/ask', match: 'how many units of (?<sku>[a-z0-9-]+) are in stock',
                   input: {sku: string}, dataClass: internal}
                - {name: adder, url: 'http://adder.internal/ask', match: '(?<a>[0-9]+) plus (?<b>[0-9]+)',
                   input: {a: integer, b: integer}, dataClass: public}
            """;
    static final Policy WITH_TOOLS = policy(TOOLS);

    /**
     * @param target       the expected target, or null for a refusal
     * @param reason       a reason code the decision must carry
     * @param rejected     a target that must be rejected, or null
     * @param rejectedAs   and its reason
     */
    record Case(String name, String question, RequestFeatures features, Policy policy, String target,
            ReasonCode reason, String rejected, ReasonCode rejectedAs) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final RequestFeatures PLAIN = request("general", 0.2);
    /** Whichever model the scoring picks: these cases are about whether a tool answers. */
    static final String MODEL = "a model";

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a percentage question the calculator understands is the calculator's",
                        "What is 17.5% of 2,340?", PLAIN, WITH_TOOLS, "tool/calculator", ReasonCode.TOOL_EXACT_MATCH,
                        null, null),
                new Case("days between two dates are the date calculator's",
                        "how many days from 3 March to 11 July 2027?", PLAIN, WITH_TOOLS, "tool/datetime",
                        ReasonCode.TOOL_EXACT_MATCH, null, null),
                new Case("a question the calculator half understands goes to a model",
                        "what is 17% of the population of France?", PLAIN, WITH_TOOLS, MODEL,
                        ReasonCode.BEST_SCORE, null, null),
                new Case("an http tool answers internal data it may receive",
                        "How many units of ab-12 are in stock?", request("general", 0.2, DataClass.INTERNAL,
                                Priority.BALANCED), WITH_TOOLS, "tool/stock", ReasonCode.TOOL_EXACT_MATCH, null, null),
                new Case("an http tool never receives data above its class: a model answers",
                        "How many units of ab-12 are in stock?", request("general", 0.2, DataClass.CONFIDENTIAL,
                                Priority.BALANCED), WITH_TOOLS, MODEL, ReasonCode.BEST_SCORE, "tool/stock",
                        ReasonCode.DATA_CLASS_NOT_ALLOWED),
                new Case("two tools understanding one question is ambiguous: a model answers",
                        "2 plus 3", PLAIN, WITH_TOOLS, MODEL, ReasonCode.TOOL_AMBIGUOUS, "tool/adder",
                        ReasonCode.TOOL_AMBIGUOUS),
                new Case("a request asking for JSON gets a model, since a tool answers in plain text",
                        "what is 2 + 2?", withJson(PLAIN), WITH_TOOLS, MODEL, ReasonCode.BEST_SCORE,
                        "tool/calculator", ReasonCode.MISSING_CAPABILITY),
                new Case("a request naming a model is not answered by a tool",
                        "what is 2 + 2?", PLAIN.pinnedTo("small"), WITH_TOOLS, "small", ReasonCode.PINNED,
                        "tool/calculator", ReasonCode.NOT_PINNED),
                new Case("a request naming the calculator gets it",
                        "what is 2 + 2?", PLAIN.pinnedTo("tool/calculator"), WITH_TOOLS, "tool/calculator",
                        ReasonCode.PINNED, null, null),
                new Case("a request naming the calculator with a question it does not understand is refused",
                        "write a poem about 17 cats", PLAIN.pinnedTo("tool/calculator"), WITH_TOOLS, null,
                        ReasonCode.TOOL_NO_MATCH, null, null),
                new Case("a request naming a tool the policy does not declare is refused",
                        "what is 2 + 2?", PLAIN.pinnedTo("tool/weather"), WITH_TOOLS, null,
                        ReasonCode.NO_ELIGIBLE_TARGET, null, null),
                new Case("a policy without a tools section has no tools",
                        "what is 2 + 2?", PLAIN, policy(), MODEL, ReasonCode.BEST_SCORE, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(Case c) {
        ToolMatches tools = ToolMatches.find(c.policy().tools(), List.of(new ChatMessage(ChatMessage.Role.USER,
                c.question())), TODAY);

        Decision d = Decider.decide(c.features(), idle(), c.policy(), tools);

        if (MODEL.equals(c.target())) {
            assertThat(d.target()).as(d.reasons().toString()).isNotNull().doesNotStartWith(ToolSet.PREFIX);
        } else {
            assertThat(d.target()).as(d.reasons().toString()).isEqualTo(c.target());
        }
        assertThat(d.has(c.reason())).as(d.reasons().toString()).isTrue();
        if (c.rejected() != null) {
            assertThat(d.rejected()).as(d.rejected().toString()).anySatisfy(r -> {
                assertThat(r.target()).isEqualTo(c.rejected());
                assertThat(r.reason()).isEqualTo(c.rejectedAs());
            });
        }
        if (ToolSet.isTool(d.target())) {
            assertThat(d.estimatedCostUsd()).isZero();
            assertThat(d.cascadeTo()).isNull();
            assertThat(d.reasons().toString()).doesNotContain(c.question());
        }
    }

    @Test
    void aToolDecisionKeepsTheModelsDecisionBehindItAsFallbacks() {
        ToolMatches tools = ToolMatches.find(WITH_TOOLS.tools(), List.of(new ChatMessage(ChatMessage.Role.USER,
                "what is 2 + 2?")), TODAY);

        Decision d = Decider.decide(PLAIN, idle(), WITH_TOOLS, tools);
        Decision models = Decider.decide(PLAIN, idle(), WITH_TOOLS);

        assertThat(d.target()).isEqualTo("tool/calculator");
        assertThat(d.fallbacks()).isEqualTo(models.targetsInOrder());
    }

    @Test
    void aConversationWithAnAnswerInItIsNoToolsEvenWhenTheLastQuestionIsArithmetic() {
        ToolMatches tools = ToolMatches.find(WITH_TOOLS.tools(), List.of(
                new ChatMessage(ChatMessage.Role.USER, "I have 3 boxes"),
                new ChatMessage(ChatMessage.Role.ASSISTANT, "ok"),
                new ChatMessage(ChatMessage.Role.USER, "what is 3 + 4?")), TODAY);

        assertThat(tools.matches()).isEmpty();
        assertThat(tools.skipped()).contains("assistant");
    }

    @Test
    void everyBrokenToolDeclarationIsReportedWithItsKey() {
        assertThatThrownBy(() -> policy("""
                tools:
                  calculator: yes please
                  http:
                    - {name: Bad Name, url: 'ftp://x', match: '(?<a>x', dataClass: secret, timeoutMs: 0}
                    - {name: calculator, url: 'http://x/ask', match: 'x', dataClass: public}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tools.calculator")
                .hasMessageContaining("tools.http[0].name")
                .hasMessageContaining("tools.http[0].url")
                .hasMessageContaining("tools.http[0].match")
                .hasMessageContaining("tools.http[0].dataClass")
                .hasMessageContaining("tools.http[0].timeoutMs")
                .hasMessageContaining("tools.http[1].name");
    }

    private static RequestFeatures withJson(RequestFeatures f) {
        return new RequestFeatures(f.promptTokens(), f.promptTokensExact(), f.turns(), f.hasCode(), f.hasMath(),
                f.language(), f.maxTokens(), true, f.toolsRequested(), f.contextDocuments(), f.contextChars(),
                f.category(), f.categoryConfidence(), f.difficulty(), f.difficultyUnfamiliar(), f.dataClass(),
                f.declaredDataClass(), f.findings(), f.request());
    }
}
