package dev.gatehouse.router.policy;

import dev.gatehouse.router.cascade.QualityGate;
import dev.gatehouse.router.escalation.BudgetLimits;
import dev.gatehouse.router.escalation.EscalationRateCap;
import dev.gatehouse.router.escalation.ProviderConfig;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The outbound half of the policy: approved providers and the gates every escalation must pass.
 *
 * @param providers         approved providers ({@code providers:}); their models are targets {@code provider-id/model}
 * @param budgets           spending limits per tenant and API key (by SHA-256 of the key)
 * @param budgetZone        the time zone in which budget days and months begin
 * @param onBudgetExhausted refuse (429) or serve from free local models only
 * @param rateCap           escalations per minute and as a share of traffic
 * @param allowedTenants    tenants that may escalate; null = everyone, anonymous requests included
 * @param maskConfidential  confidential data may go to a provider approved for it, with findings masked
 * @param cascade           the quality gate of the cascade (answer locally, escalate if it fails); null = no cascade
 * @param fallbacks         whether a failed target falls back to the decision's next ones (a request may turn it off)
 * @param overflowLatencyMs when every eligible local model would take longer than this, overflow to a provider;
 *                          null = no overflow rule (the score alone weighs latency)
 * @param localCostPer1k    cost per 1,000 tokens of local models without prices of their own
 */
public record EscalationPolicy(
        List<ProviderConfig> providers,
        BudgetLimits budgets,
        ZoneId budgetZone,
        OnBudgetExhausted onBudgetExhausted,
        EscalationRateCap.Settings rateCap,
        Set<String> allowedTenants,
        boolean maskConfidential,
        QualityGate cascade,
        boolean fallbacks,
        Long overflowLatencyMs,
        BigDecimal localCostPer1k) {

    public enum OnBudgetExhausted {
        /** 429 with the budget that ran out and when it resets. */
        REJECT,
        /** Only free (local) targets remain for the request. */
        LOCAL
    }

    public EscalationPolicy {
        providers = List.copyOf(providers);
        allowedTenants = allowedTenants == null ? null : Set.copyOf(allowedTenants);
    }

    /** No providers, no limits: the built-in default. */
    public static EscalationPolicy none() {
        return new EscalationPolicy(List.of(), BudgetLimits.none(), ZoneId.of("UTC"), OnBudgetExhausted.REJECT,
                EscalationRateCap.Settings.unlimited(), null, false, null, true, null, BigDecimal.ZERO);
    }

    public Optional<ProviderConfig> provider(String id) {
        for (ProviderConfig p : providers) {
            if (p.id().equals(id)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The same gates with these providers (the policy's list joined with pools declared by targets). */
    public EscalationPolicy withProviders(List<ProviderConfig> newProviders) {
        return new EscalationPolicy(newProviders, budgets, budgetZone, onBudgetExhausted, rateCap, allowedTenants,
                maskConfidential, cascade, fallbacks, overflowLatencyMs, localCostPer1k);
    }

    /** The same gates with these budgets (the policy's joined with the keys file's tenant budgets). */
    public EscalationPolicy withBudgets(BudgetLimits newBudgets) {
        return new EscalationPolicy(providers, newBudgets, budgetZone, onBudgetExhausted, rateCap, allowedTenants,
                maskConfidential, cascade, fallbacks, overflowLatencyMs, localCostPer1k);
    }

    /** Ids of the providers inside the trust boundary ({@code onPremises: true}). */
    public Set<String> onPremisesPools() {
        Set<String> ids = new java.util.HashSet<>();
        providers.forEach(p -> {
            if (p.onPremises()) ids.add(p.id());
        });
        return ids;
    }

    /** Whether a tenant (null: anonymous) may have its requests sent to a provider. */
    public boolean tenantMayEscalate(String tenant) {
        return allowedTenants == null || (tenant != null && allowedTenants.contains(tenant));
    }

    /**
     * Output tokens a request reserves and is allowed at a priced target: its {@code max_tokens}, else four times
     * the expected answer. The provider is asked for no more, so the real cost cannot exceed the reservation by
     * more than the prompt estimate's error.
     */
    public static int reservedOutputTokens(Integer maxTokens, Policy.Scoring scoring) {
        return maxTokens != null ? maxTokens : 4 * scoring.expectedOutputTokens();
    }

    /** Prompt tokens a request reserves: the estimate with a margin, since a provider's tokenizer may count more. */
    public static int reservedPromptTokens(int estimate) {
        return estimate + estimate / 2 + 16;
    }
}
