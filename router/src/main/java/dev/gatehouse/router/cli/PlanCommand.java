package dev.gatehouse.router.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.hardware.OshiHardwareProbe;
import dev.gatehouse.inference.placement.ByteSize;
import dev.gatehouse.inference.placement.PlacementPolicy;
import dev.gatehouse.inference.placement.Plan;
import dev.gatehouse.inference.placement.PlannedModel;
import dev.gatehouse.inference.placement.Planner;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.router.capacity.HardwareSpec;
import dev.gatehouse.router.capacity.PlanReport;
import dev.gatehouse.router.capacity.PlannedModels;
import dev.gatehouse.router.config.ConfigReader;
import dev.gatehouse.router.config.GatehouseConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gatehouse plan}: where each model of the manifest would go on this machine (live figures) or on one described
 * with {@code --gpus}/{@code --ram}, with the same planner the pool uses. Exits 0 when everything fits, 3 when some
 * model does not, 1 on bad input.
 */
@Command(name = "plan", description = "Plan where each model goes (GPU, split, partial offload, CPU) and why.")
final class PlanCommand implements Callable<Integer> {

    @ParentCommand
    GatehouseCli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigFlags flags;

    @Option(names = "--gpus", paramLabel = "LIST", description = "GPUs to plan for instead of this machine's, e.g. "
            + "2x80GiB,1x24GiB (none for no GPU).")
    String gpus;

    @Option(names = "--ram", paramLabel = "SIZE", description = "Free RAM to plan for instead of this machine's, e.g. 256GiB.")
    String ram;

    @Option(names = "--gpu-reserve", paramLabel = "SIZE", description = "VRAM kept free on each GPU (default 512MiB).")
    String gpuReserve;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatehouseConfig config;
        Manifest manifest;
        HardwareSnapshot hardware;
        PlacementPolicy policy;
        try {
            config = ConfigReader.read(flags.overrides(null), cli.env);
            manifest = ManifestReader.read(config.manifest());
        } catch (ConfigException e) {
            ViolationPrinter.print(err, e);
            return 1;
        }
        try {
            HardwareSnapshot live = OshiHardwareProbe.live().snapshot();
            hardware = HardwareSpec.override(live, gpus == null ? null : HardwareSpec.parseGpus(gpus),
                    ram == null ? null : ByteSize.parse(ram).bytes());
            var limits = config.limits();
            PlacementPolicy defaults = PlacementPolicy.defaults(limits.defaultSlots(), limits.defaultContext());
            policy = gpuReserve == null ? defaults : new PlacementPolicy(ByteSize.parse(gpuReserve).bytes(),
                    defaults.hostReserveBytes(), defaults.defaultSlots(), defaults.contextCeiling(),
                    defaults.minContext(), defaults.kvType());
        } catch (IllegalArgumentException e) {
            err.println("gatehouse plan: " + e.getMessage());
            return 1;
        }
        PlannedModels models = new PlannedModels(config.modelsDir());
        List<PlannedModel> planned = new ArrayList<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (ModelSpec m : manifest.models()) {
            try {
                planned.add(models.of(m));
            } catch (IllegalArgumentException e) {
                unreadable.put(m.id(), e.getMessage());
            }
        }
        Plan plan = Planner.plan(planned, hardware, policy);
        String source = gpus == null && ram == null ? "this machine" : "as described by --gpus/--ram";
        PlanReport report = new PlanReport(plan, hardware, source, unreadable);
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(report.toJson(mapper)));
        } else {
            report.printTable(out);
        }
        return plan.unplaced().isEmpty() && unreadable.isEmpty() ? 0 : 3;
    }
}
