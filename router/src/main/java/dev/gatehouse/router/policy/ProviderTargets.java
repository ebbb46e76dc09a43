package dev.gatehouse.router.policy;

import dev.gatehouse.manifest.Tier;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.router.escalation.ProviderConfig;
import dev.gatehouse.router.privacy.DataClass;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Joins the targets with the approved providers: every model of a provider is a target {@code provider-id/model}
 * (listed ones keep what the policy says about them, unlisted ones get large-tier defaults); a provider target may
 * receive only the data classes both it and its provider allow; prices come from the provider when the target sets
 * none; local targets without prices cost {@code localCostPer1k}.
 */
final class ProviderTargets {

    private ProviderTargets() {}

    static List<Target> complete(List<Target> targets, EscalationPolicy escalation, List<Violation> violations) {
        List<Target> out = new ArrayList<>();
        double local = escalation.localCostPer1k().doubleValue();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            ProviderConfig p = t.provider() == null ? null : escalation.provider(t.provider()).orElse(null);
            if (p == null) {
                out.add(t.local() && t.costPer1kInput() == 0 && t.costPer1kOutput() == 0 && local > 0
                        ? priced(t, local, local, t.dataClasses()) : t);
                continue;
            }
            String model = t.id().substring(t.provider().length() + 1);
            if (!p.models().contains(model)) {
                violations.add(new Violation("targets[" + i + "].id", "provider '" + p.id() + "' has no model '"
                        + model + "'; its models are " + p.models()));
                continue;
            }
            Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
            for (DataClass c : t.dataClasses()) {
                if (p.allows(c)) classes.add(c);
            }
            boolean unpriced = t.costPer1kInput() == 0 && t.costPer1kOutput() == 0;
            if (unpriced && p.onPremises() && p.prices().per1kInput().signum() == 0
                    && p.prices().per1kOutput().signum() == 0) {
                out.add(priced(t, local, local, classes)); // the operator's own hardware, priced like local models
                continue;
            }
            out.add(priced(t, unpriced ? p.prices().per1kInput().doubleValue() : t.costPer1kInput(),
                    unpriced ? p.prices().per1kOutput().doubleValue() : t.costPer1kOutput(), classes));
        }
        for (ProviderConfig p : escalation.providers()) {
            for (String model : p.models()) {
                String id = p.targetName(model);
                if (targets.stream().noneMatch(t -> t.id().equals(id))) {
                    out.add(implicit(id, p, local));
                }
            }
        }
        return out;
    }

    /**
     * A provider model the policy does not describe: large tier, the provider's classes below confidential; a model
     * of a pool on premises is described like an unlisted local model (medium tier, the pool's classes).
     */
    private static Target implicit(String id, ProviderConfig p, double localCost) {
        if (p.onPremises()) {
            return new Target(id, true, Tier.MEDIUM, Map.of(), Target.tierQuality(Tier.MEDIUM), p.dataClasses(),
                    localCost, localCost, null, Target.tierTokensPerSecond(Tier.MEDIUM), 3000,
                    TargetReader.POOL_FIRST_TOKEN_MS, EnumSet.of(Target.Capability.JSON), true);
        }
        Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
        for (DataClass c : p.dataClasses()) {
            if (c.compareTo(DataClass.INTERNAL) <= 0) classes.add(c);
        }
        return new Target(id, false, Tier.LARGE, Map.of(), Target.tierQuality(Tier.LARGE), classes,
                p.prices().per1kInput().doubleValue(), p.prices().per1kOutput().doubleValue(), null, 60, 0, 500,
                EnumSet.allOf(Target.Capability.class), true);
    }

    private static Target priced(Target t, double in, double out, Set<DataClass> classes) {
        return new Target(t.id(), t.local(), t.tier(), t.quality(), t.defaultQuality(), classes, in, out,
                t.contextWindow(), t.tokensPerSecond(), t.coldLoadMillis(), t.firstTokenMillis(), t.capabilities(),
                t.implicit());
    }
}
