package dev.gatehouse.router.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Renders a routing evaluation as a text table or as JSON. */
final class RoutingResultFormat {
    static final int CURVE_STEPS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RoutingResultFormat() {}

    static Map<String, CostQualityCurve> routers(RoutingEvaluation.Result r) {
        var routers = new LinkedHashMap<String, CostQualityCurve>();
        routers.put("learned", r.learned());
        routers.put("length", r.length());
        routers.put("random", r.random());
        routers.put("oracle", r.oracle());
        return routers;
    }

    static String text(RoutingEvaluation.Result r, String setup) {
        var out = new StringBuilder();
        out.append(setup).append('\n');
        out.append(String.format(Locale.ROOT, "weak %s (quality %.3f), strong %s (quality %.3f), %d test prompts; cost: %s%n%n",
                r.weakModel(), r.learned().weakQuality(), r.strongModel(), r.learned().strongQuality(), r.testPrompts(),
                r.costSource()));
        out.append("router    APGR    CPT(50%)  CPT(80%)  at 95% of strong quality: cost saved   strong calls saved\n");
        routers(r).forEach((name, c) -> out.append(String.format(Locale.ROOT, "%-8s %6.3f   %7s   %7s   %32s   %18s%n", name,
                c.apgr(), percent(c.cpt(0.5)), percent(c.cpt(0.8)), percent(c.savingsAt(0.95)), percent(c.callSavingsAt(0.95)))));
        out.append(r.versusLength().describe()).append('\n');
        out.append("\nstrong share   learned quality   learned cost/prompt   length quality   random quality\n");
        var learned = r.learned().sampled(20);
        var length = r.length().sampled(20);
        var random = r.random().sampled(20);
        for (int i = 0; i < learned.size(); i++) {
            out.append(String.format(Locale.ROOT, "%11s   %15.3f   %19.6g   %14.3f   %14.3f%n", percent(learned.get(i).strongShare()),
                    learned.get(i).quality(), learned.get(i).cost(), length.get(i).quality(), random.get(i).quality()));
        }
        return out.toString();
    }

    static ObjectNode json(RoutingEvaluation.Result r, String setup) {
        ObjectNode root = JSON.createObjectNode();
        root.put("setup", setup);
        root.put("weakModel", r.weakModel());
        root.put("strongModel", r.strongModel());
        root.put("testPrompts", r.testPrompts());
        root.put("weakQuality", r.learned().weakQuality());
        root.put("strongQuality", r.learned().strongQuality());
        root.put("costSource", r.costSource());
        metrics(root, r.learned());
        var curve = root.putArray("curve");
        for (var p : r.learned().sampled(CURVE_STEPS)) {
            curve.addObject().put("strongShare", p.strongShare()).put("quality", p.quality()).put("cost", p.cost());
        }
        var versus = r.versusLength();
        ObjectNode comparison = root.putObject("versusLength");
        number(comparison, "apgrDifference", versus.difference());
        number(comparison, "low", versus.low());
        number(comparison, "high", versus.high());
        number(comparison, "shareAhead", versus.shareAhead());
        comparison.put("resampled", versus.unit()).put("units", versus.units()).put("resamples", versus.resamples());
        ObjectNode baselines = root.putObject("baselines");
        routers(r).forEach((name, c) -> {
            if (!name.equals("learned")) metrics(baselines.putObject(name), c);
        });
        return root;
    }

    private static void metrics(ObjectNode node, CostQualityCurve c) {
        node.put("apgr", c.apgr());
        number(node, "cpt50", c.cpt(0.5));
        number(node, "cpt80", c.cpt(0.8));
        number(node, "savingsAt95", c.savingsAt(0.95));
        number(node, "callSavingsAt95", c.callSavingsAt(0.95));
    }

    private static void number(ObjectNode node, String key, double value) {
        if (Double.isNaN(value)) node.putNull(key);
        else node.put(key, value);
    }

    static String percent(double share) {
        return Double.isNaN(share) ? "never" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }
}
