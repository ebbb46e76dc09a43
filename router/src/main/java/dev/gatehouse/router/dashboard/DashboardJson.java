package dev.gatehouse.router.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.hardware.HardwareSnapshot.GpuInfo;
import dev.gatehouse.inference.ModelRuntime;
import dev.gatehouse.inference.ModelState;
import dev.gatehouse.inference.ModelStatus;
import dev.gatehouse.inference.placement.Placement;
import dev.gatehouse.router.decisionlog.DecisionJson;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.report.CostOutcomes;
import java.util.Locale;
import java.util.Map;

/** One dashboard update as JSON: the body of {@code GET /v1/dashboard} and of each event of the live stream. */
final class DashboardJson {

    private DashboardJson() {}

    static ObjectNode of(DashboardInputs in) {
        ObjectNode root = DecisionJson.MAPPER.createObjectNode();
        root.put("now", in.now().toString());
        ArrayNode models = root.putArray("models");
        in.models().forEach(s -> model(models.addObject(), s, in.tokensPerSecond().get(s.spec().id())));
        root.set("hardware", hardware(in.hardware()));
        counts(root.putObject("traffic"), in.traffic());
        counts(root.putObject("routedTo"), in.routedTo());
        counts(root.putObject("escalationsBlocked"), in.blockedGates());
        counts(root.putObject("piiFindings"), in.piiFindings());
        root.put("decisionsTotal", Math.round(in.traffic().values().stream().mapToDouble(Double::doubleValue).sum()));
        ObjectNode cost = root.putObject("costToday");
        cost.put("total", in.costToday().values().stream().reduce(Cost.ZERO, Cost::plus).toString());
        ObjectNode byTarget = cost.putObject("byTarget");
        in.costToday().forEach((target, c) -> byTarget.put(target, c.toString()));
        if (in.costOutcomes() != null) costOutcomes(root.putObject("costOutcomes"), in.costOutcomes());
        ArrayNode decisions = root.putArray("decisions");
        in.decisions().forEach(d -> decision(decisions.addObject(), d));
        return root;
    }

    private static void model(ObjectNode m, ModelStatus s, Double tokensPerSecond) {
        Placement p = s.placement();
        ModelRuntime r = s.runtime();
        boolean serving = s.state() == ModelState.READY;
        m.put("id", s.spec().id())
                .put("tasks", String.join(",", s.spec().tasks().stream().map(t -> t.name().toLowerCase(Locale.ROOT)).sorted()
                        .toList()))
                .put("state", s.state().wireName())
                .put("engine", r == null ? null : r.engine())
                .put("backend", r == null ? null : r.backend())
                .put("device", p == null ? null : p.device().toString())
                .put("gpuLayers", p == null ? 0 : p.gpuLayers())
                .put("slots", s.slots())
                .put("busy", s.inFlight())
                .put("free", serving ? Math.max(0, s.slots() - s.inFlight()) : 0)
                .put("queued", s.queued())
                .put("queueLimit", s.queueLimit())
                .put("predictedBytes", s.predictedBytes())
                .put("measuredBytes", s.measuredBytes())
                .put("loadFailures", s.loadFailures())
                .put("workerCrashes", s.workerCrashes())
                .put("lastError", s.lastError());
        if (tokensPerSecond == null) m.putNull("tokensPerSecond");
        else m.put("tokensPerSecond", tokensPerSecond);
    }

    private static ObjectNode hardware(HardwareSnapshot s) {
        ObjectNode h = DecisionJson.MAPPER.createObjectNode();
        h.putObject("cpu").put("model", s.cpu().model()).put("cores", s.cpu().cores()).put("load1", s.cpu().load1());
        h.putObject("memory").put("totalBytes", s.memory().totalBytes()).put("freeBytes", s.memory().freeBytes())
                .put("processRssBytes", s.memory().processRssBytes());
        ArrayNode gpus = h.putArray("gpus");
        for (GpuInfo g : s.gpus()) {
            gpus.addObject().put("index", g.index()).put("name", g.name()).put("totalBytes", g.totalBytes())
                    .put("usedBytes", g.usedBytes()).put("utilizationPercent", g.utilizationPercent())
                    .put("temperatureC", g.temperatureC());
        }
        h.put("gpuNote", s.gpuNote());
        h.put("takenAt", s.takenAt().toString());
        return h;
    }

    private static void decision(ObjectNode n, DecisionSummary d) {
        n.put("id", d.id()).put("at", d.at().toString()).put("target", d.target()).put("servedBy", d.servedBy())
                .put("routedTo", d.routedTo().wireName()).put("dryRun", d.dryRun()).put("status", d.status())
                .put("latencyMs", d.latencyMs()).put("dataClass", d.dataClass()).put("category", d.category())
                .put("cost", d.cost() == null ? null : d.cost().toString());
        ArrayNode reasons = n.putArray("reasons");
        for (Decision.Reason r : d.reasons()) {
            reasons.addObject().put("code", r.code().wireName()).put("detail", r.detail());
        }
        ArrayNode rejected = n.putArray("rejected");
        for (Decision.Rejection r : d.rejected()) {
            rejected.addObject().put("target", r.target()).put("reason", r.reason().wireName())
                    .put("detail", r.detail());
        }
        ObjectNode findings = n.putObject("findings");
        d.findings().forEach(findings::put);
    }

    /** Money to 6 places (small models' answers cost millionths); absent figures (no success, no feedback) are null. */
    private static void costOutcomes(ObjectNode n, CostOutcomes c) {
        n.put("requests", c.requests()).put("spend", money(c.spend()))
                .put("promptTokens", c.promptTokens()).put("completionTokens", c.completionTokens())
                .put("escalations", c.escalations()).put("withFeedback", c.withFeedback())
                .put("meanScore", c.meanScore() == null ? null : String.format(Locale.ROOT, "%.2f", c.meanScore()))
                .put("successes", c.successes())
                .put("costPerSuccess", c.costPerSuccess() == null ? null
                        : String.format(Locale.ROOT, "%.6f", c.costPerSuccess()))
                .put("strongestTarget", c.strongestTarget()).put("strongestCost", money(c.strongestCost()))
                .put("savings", money(c.savings()));
    }

    private static String money(double amount) {
        return String.format(Locale.ROOT, "%.6f", amount);
    }

    private static void counts(ObjectNode node, Map<String, Double> counts) {
        counts.forEach((key, value) -> node.put(key, Math.round(value)));
    }
}
