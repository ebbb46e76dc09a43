package dev.gatehouse.inference.placement;

import static dev.gatehouse.inference.placement.Machines.GIB;
import static dev.gatehouse.inference.placement.Machines.device;
import static dev.gatehouse.inference.placement.Machines.layers;
import static dev.gatehouse.inference.placement.Machines.machine;
import static dev.gatehouse.inference.placement.Machines.model;
import static dev.gatehouse.inference.placement.Machines.pinned;
import static dev.gatehouse.inference.placement.Machines.policy;
import static dev.gatehouse.inference.placement.Machines.spec;
import static dev.gatehouse.inference.placement.ReasonCode.CONTEXT_REDUCED;
import static dev.gatehouse.inference.placement.ReasonCode.FITS_ONE_GPU;
import static dev.gatehouse.inference.placement.ReasonCode.MANIFEST_CPU;
import static dev.gatehouse.inference.placement.ReasonCode.MANIFEST_GPU;
import static dev.gatehouse.inference.placement.ReasonCode.MANIFEST_LAYERS;
import static dev.gatehouse.inference.placement.ReasonCode.NO_GPU;
import static dev.gatehouse.inference.placement.ReasonCode.PARTIAL_OFFLOAD;
import static dev.gatehouse.inference.placement.ReasonCode.SLOTS_REDUCED;
import static dev.gatehouse.inference.placement.ReasonCode.SPLIT_ACROSS_GPUS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.manifest.DeviceHint;
import dev.gatehouse.manifest.ServingHints;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlannerTest {

    /** One model on one machine, and where it must go. Sizes follow {@link Machines}' linear memory rule. */
    record Case(String name, HardwareSnapshot hw, PlannedModel model, String device, int gpuLayers, int context,
                int slots, List<ReasonCode> codes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        ServingHints none = ServingHints.NONE;
        return Stream.of(
                new Case("a model that fits one GPU goes there whole, output layer included",
                        machine(64, 24), model("m", 7, 40, 8192, none), "gpu:0", 41, 8192, 2, List.of(FITS_ONE_GPU)),
                new Case("of two GPUs that both fit, the tighter fit is chosen",
                        machine(64, 70, 16), model("m", 7, 40, 8192, none), "gpu:1", 41, 8192, 2, List.of(FITS_ONE_GPU)),
                new Case("one GPU almost full takes the layers that fit, the rest goes to the CPU",
                        machine(64, 4), model("m", 7, 40, 8192, none), "partial:gpu:0", 15, 8192, 2,
                        List.of(PARTIAL_OFFLOAD)),
                new Case("a model larger than either of two GPUs is split across both",
                        machine(64, 20, 20), model("m", 30, 40, 8192, none), "gpus:0,1", 41, 8192, 2,
                        List.of(SPLIT_ACROSS_GPUS)),
                new Case("without a GPU the model runs on the CPU",
                        machine(64), model("m", 7, 40, 8192, none), "cpu", 0, 8192, 2, List.of(NO_GPU)),
                new Case("a model larger than the only GPU is offloaded partially",
                        machine(64, 24), model("m", 40, 40, 8192, none), "partial:gpu:0", 23, 8192, 2,
                        List.of(PARTIAL_OFFLOAD)),
                new Case("the manifest's device cpu keeps a model off a free GPU",
                        machine(64, 24), model("m", 7, 40, 8192, device(DeviceHint.CPU)), "cpu", 0, 8192, 2,
                        List.of(MANIFEST_CPU)),
                new Case("the manifest's gpu:1 wins over a tighter fit elsewhere",
                        machine(64, 16, 70), model("m", 7, 40, 8192, device(DeviceHint.gpu(1))), "gpu:1", 41, 8192, 2,
                        List.of(FITS_ONE_GPU, MANIFEST_GPU)),
                new Case("the manifest's gpuLayers fixes the split even when all would fit",
                        machine(64, 24), model("m", 7, 40, 8192, layers(10)), "partial:gpu:0", 10, 8192, 2,
                        List.of(PARTIAL_OFFLOAD, MANIFEST_LAYERS)),
                new Case("the context shrinks so that the model stays on the GPU",
                        machine(64, 8.5), model("m", 7, 40, 8192, none), "gpu:0", 41, 2048, 2,
                        List.of(FITS_ONE_GPU, CONTEXT_REDUCED)),
                new Case("slots go down only once the context is at its minimum",
                        machine(64, 7.84), model("m", 7, 40, 8192, none), "gpu:0", 41, 512, 1,
                        List.of(FITS_ONE_GPU, CONTEXT_REDUCED, SLOTS_REDUCED)),
                new Case("the context never exceeds what the model was trained with",
                        machine(64, 24), model("m", 7, 40, 2048, none), "gpu:0", 41, 2048, 2, List.of(FITS_ONE_GPU)),
                new Case("a fixed context and slots are never shrunk, so the VRAM reserve pushes the model to partial",
                        machine(64, 9.5), model(spec("m", 2, 8192, ServingHints.NONE), 7, 40, 8192),
                        "partial:gpu:0", 40, 8192, 2, List.of(PARTIAL_OFFLOAD)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void placement(Case c) {
        Plan plan = Planner.plan(List.of(c.model()), c.hw(), policy());
        assertThat(plan.unplaced()).isEmpty();
        Placement p = plan.placement("m").orElseThrow();
        assertThat(p.device()).hasToString(c.device());
        assertThat(p.gpuLayers()).as("gpuLayers").isEqualTo(c.gpuLayers());
        assertThat(p.context()).as("context").isEqualTo(c.context());
        assertThat(p.slots()).as("slots").isEqualTo(c.slots());
        assertThat(p.codes()).isEqualTo(c.codes());
        assertThat(p.headroomBytes()).as("headroom").isNotNegative();
        long gpuTotal = p.gpuBytes().values().stream().mapToLong(Long::longValue).sum();
        assertThat(gpuTotal).isEqualTo(p.predicted().gpuBytes());
    }

    @Test
    void theWhySaysWhichGpuAndHowMuchIsLeftAfterTheReserve() {
        // 7 GiB weights + 2 GiB KV + 0.25 GiB compute on a GPU with 24 - 0.5 GiB usable: 14.25 left
        Placement p = only(machine(64, 24), model("m", 7, 40, 8192, ServingHints.NONE));
        assertThat(p.why()).isEqualTo("fits on GPU0 with 14.3 GiB free after reserve");
        assertThat(p.headroomBytes()).isEqualTo((long) (23.5 * GIB) - p.predicted().gpuBytes());
    }

    @Test
    void aPartialOffloadSaysHowManyLayersGoWhere() {
        Placement p = only(machine(64, 24), model("m", 40, 40, 8192, ServingHints.NONE));
        assertThat(p.why()).isEqualTo("larger than any GPU: 23 of 40 layers on GPU0, the rest on the CPU");
    }

    @Test
    void aModelPinnedToCpuSaysSo() {
        Placement p = only(machine(64, 24), model("m", 7, 40, 8192, device(DeviceHint.CPU)));
        assertThat(p.why()).startsWith("manifest pins device cpu; fits in RAM with ");
    }

    @Test
    void aModelThatFitsNowhereIsListedWithTheFiguresThatRuleItOut() {
        Plan plan = Planner.plan(List.of(model("huge", 100, 40, 8192, ServingHints.NONE)), machine(16, 24), policy());
        assertThat(plan.placed()).isEmpty();
        assertThat(plan.refusal("huge").orElseThrow().why()).isEqualTo(
                "needs 100.3 GiB VRAM, 23.5 GiB free on GPU0 after reserve; needs 100.4 GiB RAM on the CPU,"
                        + " 15.0 GiB free after reserve (at context 512, 1 slot)");
    }

    @Test
    void aModelPinnedToAGpuOnAMachineWithoutOneDoesNotFitAndSaysWhy() {
        Plan plan = Planner.plan(List.of(model("m", 1, 40, 8192, device(DeviceHint.ANY_GPU))), machine(64), policy());
        assertThat(plan.refusal("m").orElseThrow().why())
                .isEqualTo("manifest pins device gpu but the machine has no GPU (no NVIDIA GPU in this test machine);"
                        + " manifest pins device gpu");
    }

    @Test
    void eachModelGetsOnlyWhatTheOnesBeforeItLeft() {
        Plan plan = Planner.plan(List.of(model("a", 10, 40, 8192, ServingHints.NONE),
                model("b", 10, 40, 8192, ServingHints.NONE)), machine(64, 24), policy());
        Placement a = plan.placement("a").orElseThrow();
        Placement b = plan.placement("b").orElseThrow();
        assertThat(a.device()).hasToString("gpu:0");
        assertThat(a.context()).isEqualTo(8192);
        assertThat(b.device()).hasToString("gpu:0");
        assertThat(b.context()).isEqualTo(4096);
        assertThat(b.codes()).containsExactly(FITS_ONE_GPU, CONTEXT_REDUCED);
    }

    @Test
    void pinnedModelsArePlacedFirstWhateverTheirOrderInTheManifest() {
        PlannedModel other = model("other", 20, 40, 8192, ServingHints.NONE);
        PlannedModel pin = model("pin", 20, 40, 8192, pinned());
        Plan plan = Planner.plan(List.of(other, pin), machine(64, 24), policy());
        assertThat(plan.placed()).extracting(Placement::id).containsExactly("pin", "other");
        assertThat(plan.placement("pin").orElseThrow().device()).hasToString("gpu:0");
        assertThat(plan.placement("other").orElseThrow().device().kind()).isNotEqualTo(Device.Kind.GPU);
    }

    @Test
    void adjustingASnapshotTakesLoadedModelsOffAndGivesUnloadedOnesBack() {
        HardwareSnapshot hw = machine(64, 24, 24);
        Placement a = only(hw, model("a", 7, 40, 8192, ServingHints.NONE)); // equal GPUs: the first
        HardwareSnapshot after = Planner.adjust(hw, List.of(a), List.of());
        assertThat(after.gpus().get(0).freeBytes()).isEqualTo(24 * GIB - a.predicted().gpuBytes());
        assertThat(after.memory().freeBytes()).isEqualTo(64 * GIB - a.predicted().hostBytes());
        assertThat(Planner.adjust(after, List.of(), List.of(a))).isEqualTo(hw);
    }

    private static Placement only(HardwareSnapshot hw, PlannedModel model) {
        Plan plan = Planner.plan(List.of(model), hw, policy());
        assertThat(plan.unplaced()).as("unplaced").isEmpty();
        return plan.placed().getFirst();
    }
}
