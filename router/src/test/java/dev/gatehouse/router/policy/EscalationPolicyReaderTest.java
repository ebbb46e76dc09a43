package dev.gatehouse.router.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.router.cascade.AnswerCheck;
import dev.gatehouse.router.privacy.DataClass;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outbound keys of policy.yaml: providers, budgets, escalation, privacy, localCostPer1k. */
class EscalationPolicyReaderTest {

    static final Map<String, String> ENV = Map.of("OPENAI_KEY", "sk-test");
    static final String PROVIDERS = """
            providers:
              - {id: openai, kind: openai, baseUrl: 'https://api.openai.com/v1', apiKeyEnv: OPENAI_KEY,
                 models: [gpt-4o-mini, gpt-4o], dataClasses: [public, internal], pricePer1kInput: 0.00015,
                 pricePer1kOutput: 0.0006}
            """;

    @Test
    void everyModelOfAProviderBecomesATargetWithTheProvidersPricesAndDataClasses() {
        Policy p = PolicyReader.parse("""
                targets:
                  - {id: openai/gpt-4o, quality: {default: 0.9}, dataClasses: [public]}
                localCostPer1k: 0.0001
                """ + PROVIDERS, "test", ENV);

        Target mini = p.target("openai/gpt-4o-mini").orElseThrow();
        Target big = p.target("openai/gpt-4o").orElseThrow();
        assertThat(mini.local()).isFalse();
        assertThat(mini.implicit()).isTrue();
        assertThat(mini.costPer1kOutput()).isEqualTo(0.0006);
        assertThat(mini.dataClasses()).containsExactlyInAnyOrder(DataClass.PUBLIC, DataClass.INTERNAL);
        assertThat(big.quality("coding")).isEqualTo(0.9);
        assertThat(big.dataClasses()).containsExactly(DataClass.PUBLIC);
        assertThat(p.escalation().localCostPer1k()).isEqualByComparingTo(new BigDecimal("0.0001"));
    }

    @Test
    void budgetsEscalationAndPrivacyAreReadIntoTypedSettings() {
        Policy p = PolicyReader.parse(PROVIDERS + """
                tenants: [{id: acme, apiKeys: [sk-acme]}]
                budgets:
                  zone: Europe/Berlin
                  onExhausted: local
                  tenants: {acme: {daily: 5, monthly: 100}}
                  apiKeys: {sk-acme: {daily: 1}}
                escalation:
                  perMinute: 60
                  maxShare: 0.25
                  tenants: [acme]
                  maskConfidential: true
                  fallbacks: false
                  overflowLatencyMs: 20000
                  cascade: {checks: [non_empty, {length: {min: 2, max: 100, rejectCut: true}}, valid_json,
                                     {confidence: -1.5}]}
                privacy:
                  patterns: [{type: PROJECT_CODE, regex: 'PRJ-[0-9]{4}', dataClass: confidential}]
                  terms: [{type: CUSTOMER, terms: [Initech], dataClass: internal}]
                """, "test", ENV);

        EscalationPolicy e = p.escalation();
        assertThat(e.onBudgetExhausted()).isEqualTo(EscalationPolicy.OnBudgetExhausted.LOCAL);
        assertThat(e.budgetZone().getId()).isEqualTo("Europe/Berlin");
        assertThat(e.rateCap().perMinute()).isEqualTo(60);
        assertThat(e.rateCap().maxShare()).isEqualTo(0.25);
        assertThat(e.tenantMayEscalate("acme")).isTrue();
        assertThat(e.tenantMayEscalate(null)).isFalse();
        assertThat(e.maskConfidential()).isTrue();
        assertThat(e.fallbacks()).isFalse();
        assertThat(e.overflowLatencyMs()).isEqualTo(20000L);
        assertThat(e.cascade().checks()).hasExactlyElementsOfTypes(AnswerCheck.NonEmpty.class,
                AnswerCheck.LengthWithin.class, AnswerCheck.ValidJson.class, AnswerCheck.Confident.class);
        assertThat(p.privacy().patterns()).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo("PROJECT_CODE");
            assertThat(c.dataClass()).isEqualTo(DataClass.CONFIDENTIAL);
        });
        assertThat(p.privacy().termLists().getFirst().terms()).containsExactly("Initech");
    }

    @Test
    void theBuiltInPolicyHasNoProvidersAndNothingCanLeave() {
        Policy p = PolicyReader.defaults();

        assertThat(p.escalation().providers()).isEmpty();
        assertThat(p.targets()).noneMatch(t -> !t.local());
    }

    @Test
    void everyMistakeOfTheOutboundKeysIsReportedWithItsKeyPath() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> PolicyReader.parse("""
                targets:
                  - {id: openai/gpt-5}
                providers:
                  - {id: openai, kind: openai, baseUrl: 'https://api.openai.com/v1', apiKeyEnv: OPENAI_KEY,
                     models: [gpt-4o-mini], pricePer1kInput: 0.1, pricePer1kOutput: 0.2}
                  - {id: other, kind: anthropic, baseUrl: 'https://api.anthropic.com/v1', apiKeyEnv: MISSING_KEY,
                     models: [claude], pricePer1kInput: 0.1, pricePer1kOutput: 0.2}
                budgets:
                  zone: Mars/Olympus
                  onExhausted: shrug
                  tenants: {acme: {weekly: 3}}
                escalation:
                  maxShare: 2
                  speed: 3
                  cascade: {checks: [non_empty, vibes, {confidence: 0.5}]}
                privacy:
                  patterns: [{type: X, regex: '([', dataClass: secret}]
                """, "test", ENV));

        assertThat(e.violations()).extracting(Violation::key).contains(
                "targets[0].id", "providers[1].apiKeyEnv", "budgets.zone", "budgets.onExhausted",
                "budgets.tenants.acme.weekly", "budgets.tenants.acme", "escalation.maxShare", "escalation.speed",
                "escalation.cascade.checks[1]", "escalation.cascade.checks[2]", "privacy.patterns[0].regex",
                "privacy.patterns[0].dataClass");
        assertThat(e.violations().toString()).doesNotContain("sk-test");
    }
}
