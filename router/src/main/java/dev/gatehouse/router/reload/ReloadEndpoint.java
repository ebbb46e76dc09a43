package dev.gatehouse.router.reload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /v1/admin/reload} (under {@code /v1/admin/} so an admin scope covers it): 200 with what changed, or
 * 400 {@code invalid_config} listing every violation while the old configuration keeps serving.
 */
public final class ReloadEndpoint implements Handler {
    public static final String PATH = "/v1/admin/reload";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigReload reload;

    public ReloadEndpoint(ConfigReload reload) {
        this.reload = reload;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) throws JsonProcessingException {
        ReloadOutcome outcome = reload.reload();
        ObjectNode body = JSON.createObjectNode();
        if (outcome.applied()) {
            body.put("status", "applied");
            outcome.added().forEach(body.putArray("added")::add);
            outcome.removed().forEach(body.putArray("removed")::add);
            outcome.changed().forEach(body.putArray("changed")::add);
            res.status(200);
        } else {
            ObjectNode error = body.putObject("error");
            error.put("message", "the configuration was not reloaded: " + outcome.problems().size()
                    + " violation(s); the previous configuration keeps serving");
            error.put("type", "invalid_request_error");
            error.put("code", "invalid_config");
            error.putNull("param");
            var list = error.putArray("violations");
            for (ReloadOutcome.Problem p : outcome.problems()) {
                list.addObject().put("file", p.file()).put("key", p.key()).put("rule", p.rule());
            }
            res.status(400);
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(JSON.writeValueAsBytes(body));
    }
}
