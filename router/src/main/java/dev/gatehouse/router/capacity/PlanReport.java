package dev.gatehouse.router.capacity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.inference.placement.ByteSize;
import dev.gatehouse.inference.placement.Placement;
import dev.gatehouse.inference.placement.Plan;
import dev.gatehouse.inference.placement.Reason;
import dev.gatehouse.inference.placement.Unplaced;
import java.io.PrintWriter;
import java.util.Map;

/**
 * A plan as people read it (a table, then what does not fit and why) and as tools read it (JSON).
 *
 * @param unreadable models left out of the plan because their file could not be read, with the reason
 */
public record PlanReport(Plan plan, HardwareSnapshot hardware, String hardwareSource, Map<String, String> unreadable) {
    private static final String ROW = "%-18s %-14s %-10s %-8s %-6s %-10s %-10s %-10s %s%n";

    public void printTable(PrintWriter out) {
        out.println("Hardware (" + hardwareSource + "): RAM " + ByteSize.format(hardware.memory().freeBytes())
                + " free of " + ByteSize.format(hardware.memory().totalBytes()) + "; "
                + (hardware.gpus().isEmpty() ? "no GPU" + (hardware.gpuNote() == null ? "" : " (" + hardware.gpuNote() + ")")
                : String.join(", ", hardware.gpus().stream().map(g -> "GPU" + g.index() + " "
                + ByteSize.format(g.freeBytes()) + " free of " + ByteSize.format(g.totalBytes())).toList())));
        out.println();
        out.printf(ROW, "MODEL", "DEVICE", "GPU LAYERS", "CONTEXT", "SLOTS", "VRAM", "RAM", "HEADROOM", "WHY");
        for (Placement p : plan.placed()) {
            String layers = p.layers() == 0 ? "-" : p.allLayersOnGpu() ? "all " + p.layers()
                    : p.gpuLayers() + "/" + p.layers();
            out.printf(ROW, p.id(), p.device(), layers, p.context(), p.slots(),
                    ByteSize.format(p.predicted().gpuBytes()), ByteSize.format(p.predicted().hostBytes()),
                    ByteSize.format(p.headroomBytes()), p.why());
        }
        if (!plan.unplaced().isEmpty() || !unreadable.isEmpty()) {
            out.println();
            out.println("Does not fit:");
            for (Unplaced u : plan.unplaced()) {
                out.println("  " + u.id() + ": " + u.why());
            }
            unreadable.forEach((id, why) -> out.println("  " + id + ": " + why));
        }
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode hw = root.putObject("hardware").put("source", hardwareSource)
                .put("ramFreeBytes", hardware.memory().freeBytes()).put("ramTotalBytes", hardware.memory().totalBytes())
                .put("gpuNote", hardware.gpuNote());
        ArrayNode gpus = hw.putArray("gpus");
        hardware.gpus().forEach(g -> gpus.addObject().put("index", g.index()).put("name", g.name())
                .put("freeBytes", g.freeBytes()).put("totalBytes", g.totalBytes()));
        ArrayNode models = root.putArray("models");
        for (Placement p : plan.placed()) {
            ObjectNode m = models.addObject().put("id", p.id()).put("device", p.device().toString())
                    .put("gpuLayers", p.gpuLayers()).put("layers", p.layers()).put("context", p.context())
                    .put("slots", p.slots()).put("predictedGpuBytes", p.predicted().gpuBytes())
                    .put("predictedHostBytes", p.predicted().hostBytes())
                    .put("predictedBytes", p.predicted().totalBytes()).put("headroomBytes", p.headroomBytes())
                    .put("why", p.why());
            ObjectNode perGpu = m.putObject("gpuBytes");
            p.gpuBytes().forEach((i, b) -> perGpu.put(Integer.toString(i), b));
            reasons(m.putArray("reasons"), p.reasons());
        }
        ArrayNode unplaced = root.putArray("unplaced");
        for (Unplaced u : plan.unplaced()) {
            reasons(unplaced.addObject().put("id", u.id()).put("why", u.why()).putArray("reasons"), u.reasons());
        }
        unreadable.forEach((id, why) -> unplaced.addObject().put("id", id).put("why", why).putArray("reasons")
                .addObject().put("code", "FILE_UNREADABLE").put("detail", why));
        return root;
    }

    private static void reasons(ArrayNode array, Iterable<Reason> reasons) {
        reasons.forEach(r -> array.addObject().put("code", r.code().name()).put("detail", r.detail()));
    }
}
