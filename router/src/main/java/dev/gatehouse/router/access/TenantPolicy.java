package dev.gatehouse.router.access;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.router.escalation.BudgetLimits;
import dev.gatehouse.router.policy.EscalationPolicy;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.Rule;
import dev.gatehouse.router.policy.Target;
import dev.gatehouse.router.policy.Tenant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings the keys file's tenants into the routing policy, so the pure decision sees them through the inputs it
 * already has: each tenant becomes a policy {@link Tenant} (tier, default data class, its keys' hashes), its
 * allowed targets a rule that requires them (a target outside the list is rejected with {@code rule_requires_other}
 * and a pinned one is vetoed), and its budget a tenant budget of the escalation gates.
 */
public final class TenantPolicy {

    /** Prefix of the rules this class adds; {@code gatehouse explain} shows the rule name. */
    public static final String RULE_PREFIX = "keys-file tenant ";

    private TenantPolicy() {}

    /** @throws ConfigException when the keys file and the policy both declare a tenant or its budget */
    public static Policy join(Policy policy, KeysFile keys, String keysSource) {
        List<Violation> violations = new ArrayList<>();
        List<Tenant> tenants = new ArrayList<>(policy.tenants());
        List<Rule> rules = new ArrayList<>(policy.rules());
        Map<String, BudgetLimits.Limit> budgets = new HashMap<>(policy.escalation().budgets().tenants());
        for (TenantAccess t : keys.tenants().values()) {
            if (policy.tenant(t.id()).isPresent()) {
                violations.add(new Violation("tenants." + t.id(), "is declared in the policy too; declare each "
                        + "tenant in one place"));
                continue;
            }
            List<String> hashes = keys.keys().stream().filter(k -> k.tenant().equals(t.id()))
                    .map(StoredKey::sha256).toList();
            tenants.add(new Tenant(t.id(), t.tier(), hashes, t.dataClass()));
            if (!t.allowedTargets().isEmpty()) {
                rules.add(new Rule(RULE_PREFIX + t.id() + " allowed targets", new Rule.When(Set.of(), null, null,
                        Set.of(), Set.of(t.id()), Set.of(), null, null, Set.of()), List.of(), t.allowedTargets(),
                        List.of()));
            }
            if (t.budget() != null) {
                if (budgets.containsKey(t.id())) {
                    violations.add(new Violation("tenants." + t.id() + ".budget", "the policy's budgets.tenants has "
                            + "a budget for this tenant too; keep one"));
                }
                budgets.put(t.id(), t.budget());
            }
        }
        if (!violations.isEmpty()) throw new ConfigException(keysSource, violations);
        EscalationPolicy escalation = policy.escalation()
                .withBudgets(new BudgetLimits(budgets, policy.escalation().budgets().apiKeys()));
        return policy.withAccess(rules, tenants, escalation);
    }

    /**
     * Allowed targets that name no target of the complete policy (local models included) and are no selector:
     * a typo there would silently refuse every request of the tenant.
     */
    public static List<Violation> unknownTargets(Policy complete, KeysFile keys) {
        List<Violation> violations = new ArrayList<>();
        for (TenantAccess t : keys.tenants().values()) {
            for (int i = 0; i < t.allowedTargets().size(); i++) {
                String name = t.allowedTargets().get(i);
                if (!isSelector(name) && complete.target(name).isEmpty()) {
                    violations.add(new Violation("tenants." + t.id() + ".allowedTargets[" + i + "]", "'" + name
                            + "' is no target; expected one of " + complete.targets().stream().map(Target::id)
                            .toList() + " or local, remote, tier:NAME, provider:ID"));
                }
            }
        }
        return violations;
    }

    private static boolean isSelector(String text) {
        return text.equals("local") || text.equals("remote") || text.startsWith("tier:")
                || text.startsWith("provider:");
    }
}
