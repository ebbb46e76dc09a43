package dev.gatehouse.router.policy;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.TaskKind;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.router.privacy.DataClass;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Joins the policy with the manifest: every local target must be a chat model of the manifest, and every chat model
 * the policy does not list becomes an implicit target (quality by tier, all data classes, free), the manifest's
 * default model first so that equal scores go to it.
 */
public final class LocalTargets {

    private LocalTargets() {}

    public static Policy complete(Policy policy, List<ModelSpec> models, String source) {
        return complete(policy, models, Set.of(), source);
    }

    /**
     * @param toolCapable ids of the chat models whose chat template can take tools: their implicit targets get the
     *                    TOOLS capability, so a request with tools is routed to them or the decision says why not
     */
    public static Policy complete(Policy policy, List<ModelSpec> models, Set<String> toolCapable, String source) {
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < policy.targets().size(); i++) {
            Target t = policy.targets().get(i);
            if (!t.isManifestModel()) continue;
            var spec = models.stream().filter(m -> m.id().equals(t.id())).findFirst();
            if (spec.isEmpty()) {
                violations.add(new Violation("targets[" + i + "].id", "no model '" + t.id() + "' in the manifest; "
                        + "local targets must be manifest ids " + models.stream().filter(m -> m.serves(TaskKind.CHAT))
                        .map(ModelSpec::id).toList() + ", remote ones provider-id/model"));
            } else if (!spec.get().serves(TaskKind.CHAT)) {
                violations.add(new Violation("targets[" + i + "].id", "'" + t.id() + "' is not a chat model"));
            }
        }
        if (!violations.isEmpty()) {
            throw new ConfigException(source, violations);
        }
        List<Target> targets = new ArrayList<>();
        List<ModelSpec> chat = new ArrayList<>(models.stream().filter(m -> m.serves(TaskKind.CHAT)).toList());
        chat.sort((a, b) -> Boolean.compare(b.isDefault(), a.isDefault()));
        for (ModelSpec m : chat) {
            if (policy.target(m.id()).isEmpty()) {
                targets.add(implicit(m, policy.escalation().localCostPer1k().doubleValue(), toolCapable.contains(m.id())));
            }
        }
        List<Target> all = new ArrayList<>(policy.targets());
        all.addAll(0, targets);
        return policy.withTargets(all);
    }

    /**
     * The policy without its local targets that are not chat models of the manifest, each named in {@code leftOut}.
     * For a policy nobody chose (./policy.yaml found in the working directory): it must not stop a server started
     * with the user's own manifest, while a policy the user named stays strict ({@link #complete}).
     */
    public static Lenient leaveOutMissing(Policy policy, List<ModelSpec> models) {
        List<Violation> leftOut = new ArrayList<>();
        List<Target> kept = new ArrayList<>();
        for (int i = 0; i < policy.targets().size(); i++) {
            Target t = policy.targets().get(i);
            boolean chatModel = models.stream().anyMatch(m -> m.id().equals(t.id()) && m.serves(TaskKind.CHAT));
            if (t.isManifestModel() && !chatModel) {
                leftOut.add(new Violation("targets[" + i + "].id", "no chat model '" + t.id() + "' in the manifest; "
                        + "target left out"));
            } else {
                kept.add(t);
            }
        }
        return new Lenient(leftOut.isEmpty() ? policy : policy.withTargets(kept), leftOut);
    }

    /** @param leftOut one entry per target taken out, at its key path in the policy file */
    public record Lenient(Policy policy, List<Violation> leftOut) {
        public Lenient {
            leftOut = List.copyOf(leftOut);
        }
    }

    private static Target implicit(ModelSpec m, double costPer1k, boolean tools) {
        return new Target(m.id(), true, m.tier(), Map.of(), Target.tierQuality(m.tier()),
                EnumSet.allOf(DataClass.class), costPer1k, costPer1k, null, Target.tierTokensPerSecond(m.tier()), 3000, 0,
                tools ? EnumSet.of(Target.Capability.JSON, Target.Capability.TOOLS) : EnumSet.of(Target.Capability.JSON),
                true);
    }
}
