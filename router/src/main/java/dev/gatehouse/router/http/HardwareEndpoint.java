package dev.gatehouse.router.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.hardware.HardwareProbe;
import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.hardware.HardwareSnapshot.GpuInfo;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /v1/hardware}: the probe's latest snapshot as JSON. Reads the sampled snapshot only; nothing here
 * touches OSHI or NVML.
 */
final class HardwareEndpoint implements Handler {
    private final HardwareProbe probe;

    HardwareEndpoint(HardwareProbe probe) {
        this.probe = probe;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(OpenAiJson.bytes(json(probe.snapshot())));
    }

    static ObjectNode json(HardwareSnapshot s) {
        ObjectNode root = OpenAiJson.MAPPER.createObjectNode();
        root.putObject("cpu").put("model", s.cpu().model()).put("cores", s.cpu().cores())
                .put("load1", s.cpu().load1()).put("load5", s.cpu().load5()).put("load15", s.cpu().load15());
        root.putObject("memory").put("totalBytes", s.memory().totalBytes()).put("freeBytes", s.memory().freeBytes())
                .put("processRssBytes", s.memory().processRssBytes());
        var gpus = root.putArray("gpus");
        for (GpuInfo g : s.gpus()) {
            gpus.addObject().put("index", g.index()).put("name", g.name()).put("uuid", g.uuid())
                    .put("totalBytes", g.totalBytes()).put("usedBytes", g.usedBytes()).put("freeBytes", g.freeBytes())
                    .put("utilizationPercent", g.utilizationPercent()).put("temperatureC", g.temperatureC())
                    .put("driverVersion", g.driverVersion()).put("cudaVersion", g.cudaVersion());
        }
        root.put("gpuNote", s.gpuNote());
        root.put("takenAt", s.takenAt().toString());
        return root;
    }
}
