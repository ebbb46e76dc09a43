package dev.gatehouse.router.policy;

import dev.gatehouse.manifest.Tier;
import dev.gatehouse.manifest.yaml.YamlNode;
import dev.gatehouse.router.privacy.DataClass;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code targets} list of the policy, filling defaults by locality and tier. */
final class TargetReader {

    static final List<String> KEYS = List.of("id", "local", "tier", "quality", "dataClasses", "costPer1kInput",
            "costPer1kOutput", "contextWindow", "tokensPerSecond", "coldLoadMs", "firstTokenMs", "capabilities",
            "baseUrl", "onPremises", "capacity", "apiKeyEnv", "timeout", "maxConcurrency");
    /** A hop to a pool inside the building, assumed until the operator says otherwise. */
    static final int POOL_FIRST_TOKEN_MS = 20;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]+(/[A-Za-z0-9._:/-]+)?");

    private TargetReader() {}

    /** @param onPremisesPools ids of the pools inside the trust boundary: their targets are local */
    static List<Target> read(List<YamlNode> nodes, Set<String> onPremisesPools) {
        List<Target> targets = new ArrayList<>();
        for (YamlNode n : nodes) {
            Target t = read(n, onPremisesPools);
            if (t != null) targets.add(t);
        }
        return targets;
    }

    private static Target read(YamlNode n, Set<String> onPremisesPools) {
        n.rejectUnknownKeys(KEYS);
        String id = n.string("id");
        if (id == null) {
            if (!n.has("id")) n.violation("id", "is required");
        } else if (!ID.matcher(id).matches()) {
            n.violation("id", "must be a local model id or provider-id/model (letters, digits, . _ : -), was '"
                    + id + "'");
        }
        boolean manifestModel = id == null || !id.contains("/");
        String pool = manifestModel ? null : id.substring(0, id.indexOf('/'));
        boolean onPremisesPool = pool != null && onPremisesPools.contains(pool);
        Boolean localFlag = localFlag(n, pool, onPremisesPool);
        boolean local = localFlag == null ? manifestModel || onPremisesPool : localFlag;
        if (manifestModel && Boolean.FALSE.equals(localFlag)) {
            n.violation("local", "a manifest model (an id without '/') always runs locally");
        }
        Tier tier = n.has("tier") ? n.enumValue("tier", Tier.class) : Tier.MEDIUM;
        Tier effectiveTier = tier == null ? Tier.MEDIUM : tier;
        Map<String, Double> quality = new HashMap<>(n.numbers("quality", 0, 1));
        Double defaultQuality = quality.remove("default");
        Set<DataClass> classes = dataClasses(n, local);
        Double costIn = n.number("costPer1kInput", 0, 1000);
        Double costOut = n.number("costPer1kOutput", 0, 1000);
        Integer context = n.integer("contextWindow", 16, 1 << 24);
        Double tps = n.number("tokensPerSecond", 0.01, 1e6);
        Integer cold = n.integer("coldLoadMs", 0, 3_600_000);
        Integer first = n.integer("firstTokenMs", 0, 3_600_000);
        Set<Target.Capability> caps = n.has("capabilities")
                ? enumSet(n.enums("capabilities", Target.Capability.class))
                : local ? EnumSet.of(Target.Capability.JSON) : EnumSet.allOf(Target.Capability.class);
        if (id == null) return null;
        return new Target(id, local, effectiveTier, quality,
                defaultQuality != null ? defaultQuality : Target.tierQuality(effectiveTier), classes,
                costIn == null ? 0 : costIn, costOut == null ? 0 : costOut, context,
                tps != null ? tps : local && !onPremisesPool ? Target.tierTokensPerSecond(effectiveTier) : 60,
                cold != null ? cold : local ? 3000 : 0,
                first != null ? first : onPremisesPool ? POOL_FIRST_TOKEN_MS : local ? 0 : 500, caps, false);
    }

    /**
     * {@code local}, or its name for pools, {@code onPremises}; a target of a pool inside the building cannot be
     * declared remote, and one outside cannot be declared on premises.
     */
    private static Boolean localFlag(YamlNode n, String pool, boolean onPremisesPool) {
        Boolean local = n.bool("local");
        Boolean onPremises = n.bool("onPremises");
        if (local != null && onPremises != null && !local.equals(onPremises)) {
            n.violation("onPremises", "contradicts local: " + local + "; use one of them");
        }
        Boolean flag = onPremises != null ? onPremises : local;
        if (onPremisesPool && Boolean.FALSE.equals(flag)) {
            n.violation(onPremises != null ? "onPremises" : "local", "pool '" + pool + "' is on premises "
                    + "(onPremises: true), so its targets are too");
        } else if (pool != null && !onPremisesPool && Boolean.TRUE.equals(onPremises) && !n.has("baseUrl")) {
            n.violation("onPremises", "pool '" + pool + "' is not declared on premises: give this target a "
                    + "baseUrl, or mark provider '" + pool + "' onPremises: true");
        }
        return flag;
    }

    private static Set<DataClass> dataClasses(YamlNode n, boolean local) {
        if (!n.has("dataClasses")) {
            return local ? EnumSet.allOf(DataClass.class) : EnumSet.of(DataClass.PUBLIC);
        }
        Set<DataClass> classes = enumSet(n.enums("dataClasses", DataClass.class));
        if (!local) {
            for (DataClass c : classes) {
                if (c.compareTo(DataClass.INTERNAL) > 0) {
                    n.violation("dataClasses", c.wireName() + " data never leaves the premises; allow it only on a "
                            + "target marked local: true (a server in your own network)");
                }
            }
        }
        if (classes.isEmpty()) n.violation("dataClasses", "must allow at least one data class");
        return classes;
    }

    private static <E extends Enum<E>> Set<E> enumSet(List<E> values) {
        return values.isEmpty() ? Set.of() : EnumSet.copyOf(values);
    }
}
