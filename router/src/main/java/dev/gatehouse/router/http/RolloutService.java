package dev.gatehouse.router.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.router.rollout.CanaryVerdict;
import dev.gatehouse.router.rollout.Rollout;
import dev.gatehouse.router.rollout.RolloutArm;
import dev.gatehouse.router.rollout.Trial;
import dev.gatehouse.router.routing.RequestRouter;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The rollout's admin endpoints (admin scope, like every {@code /v1/admin} path, so the access filter writes each
 * call to the audit trail): {@code GET /v1/admin/rollout} shows the arms side by side with the {@link CanaryVerdict}
 * on their feedback scores (advice only); {@code POST .../promote} makes
 * the candidate the live policy; {@code POST .../rollback} sends every request to the live policy again. Neither
 * cuts a request in flight: each keeps the policy it was decided with.
 */
public final class RolloutService implements HttpService {

    public static final String STATUS = "/v1/admin/rollout";
    public static final String PROMOTE = STATUS + "/promote";
    public static final String ROLLBACK = STATUS + "/rollback";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestRouter router;

    public RolloutService(RequestRouter router) {
        this.router = router;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(STATUS, (req, res) -> send(res, 200, status(router)))
                .post(PROMOTE, (req, res) -> {
                    String candidate = router.trial().candidateSource();
                    if (router.promote().isEmpty()) {
                        send(res, 409, noRollout("promote"));
                        return;
                    }
                    ObjectNode body = status(router);
                    body.put("action", "promoted").put("promoted", candidate);
                    send(res, 200, body);
                })
                .post(ROLLBACK, (req, res) -> {
                    if (!router.rollback()) {
                        send(res, 409, noRollout("roll back"));
                        return;
                    }
                    send(res, 200, status(router).put("action", "rolled_back"));
                });
    }

    /** What {@code gatehouse rollout status} prints: the rollout, the shadow, both arms' counts and the verdict. */
    static ObjectNode status(RequestRouter router) {
        Trial trial = router.trial();
        ObjectNode body = JSON.createObjectNode();
        ObjectNode rollout = body.putObject("rollout");
        rollout.put("state", !trial.hasRollout() ? "none" : trial.rolledBack() ? "rolled_back" : "running");
        if (trial.hasRollout()) {
            Rollout r = trial.rollout();
            rollout.put("candidate", trial.candidateSource()).put("share", r.share()).put("by", r.by())
                    .put("qualityBar", r.qualityBar())
                    .put("referenceScore", r.referenceScore())
                    .put("fallback", "apiKey".equals(r.by()) ? "tenant, then client address"
                            : "API key, then client address");
            ObjectNode segments = rollout.putObject("segments");
            r.tenants().stream().sorted().forEach(segments.putArray("tenants")::add);
            r.tiers().stream().sorted().forEach(segments.putArray("tiers")::add);
        }
        if (trial.shadow() != null) body.putObject("shadow").put("policy", trial.shadowSource());
        router.arms().describe(body);
        if (trial.hasRollout()) {
            CanaryVerdict.of(router.arms().evidence(RolloutArm.LIVE), router.arms().evidence(RolloutArm.CANDIDATE),
                    trial.rollout().qualityBar(), trial.rollout().referenceScore()).describe(body);
        }
        return body;
    }

    private static ObjectNode noRollout(String action) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", "there is no rollout to " + action + ": the policy file has no "
                        + "rollout section, or its candidate was already promoted")
                .put("type", "invalid_request_error").put("code", "no_rollout").putNull("param");
        return body;
    }

    private static void send(ServerResponse res, int status, ObjectNode body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        try {
            res.send(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
