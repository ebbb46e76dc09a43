package dev.gatehouse.router.policy;

import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.Decision.Reason;
import dev.gatehouse.router.policy.Decision.Rejection;
import dev.gatehouse.router.tools.ToolMatch;
import dev.gatehouse.router.tools.ToolMatches;
import dev.gatehouse.router.tools.ToolSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The tool part of the decision, pure like the rest: a tool target answers when exactly one declared tool
 * understood the whole request and policy lets it see the request's data; the models' decision stays behind it as
 * its fallbacks. Several tools understanding one request is an ambiguity a model resolves, and a client that asked
 * for JSON or function calling gets a model, since tools answer in plain text.
 */
final class ToolChoice {

    private ToolChoice() {}

    /** The tool that answers an {@code auto} (or model-pinned) request, or the models' decision with the reasons why none does. */
    static Decision over(Decision models, RequestFeatures f, ToolMatches tools) {
        if (tools.matches().isEmpty()) return models;
        List<Rejection> rejected = new ArrayList<>(models.rejected());
        List<ToolMatch> allowed = allowed(f, tools.matches(), rejected);
        if (f.request().pinnedModel() != null) {
            allowed.forEach(m -> rejected.add(new Rejection(m.target(), ReasonCode.NOT_PINNED,
                    "the request named " + f.request().pinnedModel())));
            return with(models, models.reasons(), rejected);
        }
        if (allowed.size() > 1) {
            List<String> names = allowed.stream().map(ToolMatch::target).toList();
            allowed.forEach(m -> rejected.add(new Rejection(m.target(), ReasonCode.TOOL_AMBIGUOUS,
                    "understood as " + m.understood() + ", but so did another tool")));
            List<Reason> reasons = new ArrayList<>(models.reasons());
            reasons.add(new Reason(ReasonCode.TOOL_AMBIGUOUS, String.join(" and ", names)
                    + " each understood the request; a model answers"));
            return with(models, reasons, rejected);
        }
        if (allowed.isEmpty()) return with(models, models.reasons(), rejected);
        ToolMatch tool = allowed.getFirst();
        return new Decision(f.request().id(), tool.target(), models.targetsInOrder(),
                List.of(exactMatch(tool)), rejected, models.ranking(), 0, 0, models.bucket(), f, models.snapshot());
    }

    /** A request that named a tool: that tool's exact answer, or a refusal that says why it cannot give one. */
    static Decision pinned(RequestFeatures f, CapacitySnapshot snapshot, Policy policy, ToolMatches tools) {
        String pin = f.request().pinnedModel();
        List<Reason> reasons = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        if (!policy.tools().declares(pin)) {
            reasons.add(new Reason(ReasonCode.NO_ELIGIBLE_TARGET, "'" + pin + "' is not a tool of the policy; "
                    + "declared tools: " + policy.tools().targets()));
            return refused(f, snapshot, reasons, rejected);
        }
        var match = tools.of(pin);
        if (match.isEmpty()) {
            reasons.add(new Reason(ReasonCode.TOOL_NO_MATCH, pin + " does not understand the whole request"
                    + (tools.skipped() == null ? "" : " (" + tools.skipped() + ")")
                    + "; send it with model auto to have a model answer"));
            return refused(f, snapshot, reasons, rejected);
        }
        if (allowed(f, List.of(match.get()), rejected).isEmpty()) {
            reasons.add(new Reason(ReasonCode.PINNED_VETOED, pin + ": " + rejected.getLast().detail()));
            return refused(f, snapshot, reasons, rejected);
        }
        reasons.add(new Reason(ReasonCode.PINNED, "the request named " + pin));
        reasons.add(exactMatch(match.get()));
        return new Decision(f.request().id(), pin, List.of(), reasons, rejected, List.of(), 0, 0,
                f.similarityBucket(), f, snapshot);
    }

    /** The matches policy lets answer; the others are added to {@code rejected} with the rule they break. */
    private static List<ToolMatch> allowed(RequestFeatures f, List<ToolMatch> matches, List<Rejection> rejected) {
        List<ToolMatch> allowed = new ArrayList<>();
        for (ToolMatch m : matches) {
            if (f.structuredOutput() || f.toolsRequested()) {
                rejected.add(new Rejection(m.target(), ReasonCode.MISSING_CAPABILITY, "a tool answers in plain text; "
                        + "the request asked for " + (f.toolsRequested() ? "function calling" : "JSON")));
            } else if (!m.mayReceive(f.dataClass())) {
                rejected.add(new Rejection(m.target(), ReasonCode.DATA_CLASS_NOT_ALLOWED, m.target()
                        + " may receive data up to " + m.mayReceive().wireName() + "; the request is "
                        + f.dataClass().wireName()));
            } else {
                allowed.add(m);
            }
        }
        return allowed;
    }

    private static Reason exactMatch(ToolMatch tool) {
        return new Reason(ReasonCode.TOOL_EXACT_MATCH, tool.target() + " understood the whole request as "
                + tool.understood() + (tool.httpTool() == null ? "; answered exactly, at no cost"
                : "; its inputs go to the operator's tool"));
    }

    private static Decision with(Decision d, List<Reason> reasons, List<Rejection> rejected) {
        return new Decision(d.id(), d.target(), d.fallbacks(), reasons, rejected, d.ranking(), d.estimatedCostUsd(),
                d.estimatedLatencyMs(), d.bucket(), d.features(), d.snapshot(), d.cascadeTo(), d.arm(), d.shadow(),
                d.exploration());
    }

    private static Decision refused(RequestFeatures f, CapacitySnapshot snapshot, List<Reason> reasons,
            List<Rejection> rejected) {
        return new Decision(f.request().id(), null, List.of(), reasons, rejected, List.of(), 0, 0,
                f.similarityBucket(), f, snapshot);
    }

    static boolean pinsTool(RequestFeatures f) {
        return ToolSet.isTool(f.request().pinnedModel());
    }
}
