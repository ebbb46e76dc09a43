package dev.gatehouse.router.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.privacy.Finding;
import java.util.TreeSet;

/**
 * The bodies of audit entries. Never prompt or completion text, never finding values: a decision is recorded by
 * its id, tenant, data class, the types of what was found, where it went, which targets each gate turned away and
 * what it cost.
 */
final class AuditEntries {

    /** Longest path written for an administrative action (paths come from clients). */
    static final int MAX_PATH = 200;

    private AuditEntries() {}

    static ObjectNode decision(Decision d, Outcome o) {
        ObjectNode e = CanonicalJson.MAPPER.createObjectNode();
        e.put("kind", "decision");
        e.put("decisionId", d.id());
        RequestFeatures f = d.features();
        e.put("tenant", f == null ? null : f.request().tenant());
        if (f != null) {
            e.put("dataClass", f.dataClass().wireName());
            TreeSet<String> types = new TreeSet<>();
            for (Finding x : f.findings()) types.add(x.type());
            types.forEach(e.putArray("findingTypes")::add);
        }
        e.put("target", d.target());
        if (d.arm() != null) e.put("arm", d.arm());
        e.put("servedBy", o.servedBy());
        e.put("refused", d.refused());
        e.put("dryRun", o.dryRun());
        e.put("status", o.status());
        d.reasons().forEach(r -> e.withArray("reasons").add(r.code().wireName()));
        // every target in this list passed every gate; the order is the order they would be tried
        ArrayNode passed = e.putArray("gatesPassed");
        d.targetsInOrder().forEach(passed::add);
        ArrayNode failed = e.putArray("gatesFailed");
        d.rejected().forEach(r -> failed.addObject().put("target", r.target()).put("gate", r.reason().wireName()));
        e.put("promptTokens", o.promptTokens());
        e.put("completionTokens", o.completionTokens());
        e.put("cost", o.cost() == null ? null : o.cost().toString());
        return e;
    }

    static ObjectNode admin(String tenant, String keyId, String method, String path, int status) {
        ObjectNode e = CanonicalJson.MAPPER.createObjectNode();
        e.put("kind", "admin");
        e.put("tenant", tenant);
        e.put("keyId", keyId);
        e.put("method", method);
        e.put("path", path.length() <= MAX_PATH ? path : path.substring(0, MAX_PATH) + "…");
        e.put("status", status);
        return e;
    }
}
