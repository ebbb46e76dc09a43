package dev.gatehouse.inference;

import static dev.gatehouse.inference.placement.Machines.T0;
import static dev.gatehouse.inference.placement.Machines.machine;
import static dev.gatehouse.inference.placement.Machines.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.inference.InferenceException.Kind;
import dev.gatehouse.inference.placement.Machines;
import dev.gatehouse.inference.placement.Placement;
import dev.gatehouse.manifest.DeviceHint;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.router.pools.MovableClock;
import dev.gatehouse.manifest.ServingHints;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive, eviction and memory retries over hand-made machines. Every model weighs 10 GiB and runs with a fixed
 * context of 8192 × 2 slots: 12.25 GiB of VRAM on a GPU (see {@link Machines} for the arithmetic). Time and memory
 * move only when the test moves them.
 */
class PoolLifecycleTest {
    private static final ServingHints NONE = ServingHints.NONE;

    private final ScriptedLoader loader = new ScriptedLoader();
    private final MovableClock clock = new MovableClock(T0.plusSeconds(1));
    private final AtomicReference<HardwareSnapshot> hardware = new AtomicReference<>();
    private ModelPool pool;

    @AfterEach
    void closePool() {
        if (pool != null) pool.close();
    }

    @Test
    void theLoaderGetsThePlannersDeviceLayersAndContext() {
        pool = pool(machine(64, 24), model("a", NONE));
        use("a");
        Placement placed = loader.lastPlacement();
        assertThat(placed.device()).hasToString("gpu:0");
        assertThat(placed.gpuLayers()).isEqualTo(41);
        ModelStatus a = status("a");
        assertThat(a.placement()).isEqualTo(placed);
        assertThat(a.predictedBytes()).isEqualTo(placed.predicted().totalBytes());
        assertThat(a.contextLength()).isEqualTo(8192);
        assertThat(a.lastUsed()).isEqualTo(clock.instant());
    }

    @Test
    void anIdleModelIsUnloadedWhenItsKeepAliveRunsOutAndTheNextWakeUpIsItsDeadline() {
        pool = pool(machine(64, 24), model("a", keepAlive(Duration.ofMinutes(5))));
        use("a");
        Instant lastUse = clock.instant();
        assertThat(status("a").keepAliveUntil()).isEqualTo(lastUse.plus(Duration.ofMinutes(5)));
        assertThat(pool.evictIdle(clock.instant())).contains(lastUse.plus(Duration.ofMinutes(5)));

        clock.move(Duration.ofMinutes(4));
        assertThat(pool.evictIdle(clock.instant())).contains(lastUse.plus(Duration.ofMinutes(5)));
        assertThat(state("a")).isEqualTo(ModelState.READY);

        clock.move(Duration.ofMinutes(1));
        assertThat(pool.evictIdle(clock.instant())).isEmpty();
        assertThat(state("a")).isEqualTo(ModelState.UNLOADED);
        assertThat(loader.last().closed).isTrue();

        use("a"); // loads again on demand
        assertThat(loader.loads).hasValue(2);
    }

    @Test
    void aModelWithARequestInFlightOutlivesItsKeepAlive() {
        pool = pool(machine(64, 24), model("a", keepAlive(Duration.ofSeconds(30))));
        try (ChatLease lease = pool.leaseChat(spec("a"))) {
            clock.move(Duration.ofHours(1));
            assertThat(pool.evictIdle(clock.instant())).isEmpty();
            assertThat(state("a")).isEqualTo(ModelState.READY);
        }
        assertThat(pool.evictIdle(clock.instant())).contains(clock.instant().plusSeconds(30));
    }

    @Test
    void aPinnedModelIsLoadedAtStartAndNeitherKeepAliveNorANewModelUnloadsIt() {
        ServingHints pinned = new ServingHints(null, ServingHints.FOREVER, true, null, null, null);
        pool = pool(machine(64, 14), model("pinned", pinned), model("b", NONE));
        pool.start();
        assertThat(state("pinned")).isEqualTo(ModelState.READY);
        assertThat(status("pinned").keepAliveUntil()).isNull();

        clock.move(Duration.ofDays(1));
        assertThat(pool.evictIdle(clock.instant())).isEmpty();
        use("b"); // does not fit beside the pinned model: partial offload, the pinned model stays
        assertThat(state("pinned")).isEqualTo(ModelState.READY);
        assertThat(status("b").placement().device().kind().name()).isEqualTo("PARTIAL");
    }

    @Test
    void aModelThatNeedsRoomEvictsTheLeastRecentlyUsedIdleModelOnly() {
        // 35.5 GiB usable holds two models (24.5 GiB); the third evicts the one used longest ago
        pool = pool(machine(64, 36), model("a", NONE), model("b", NONE), model("c", NONE));
        use("a");
        use("b");
        use("a"); // now b is the least recently used
        use("c");
        assertThat(state("b")).isEqualTo(ModelState.UNLOADED);
        assertThat(state("a")).isEqualTo(ModelState.READY);
        assertThat(status("c").placement().device()).hasToString("gpu:0");
    }

    @Test
    void aModelInUseIsNeverEvictedAndTheLoadFailsWithTheFigures() {
        ServingHints gpuOnly = new ServingHints(null, null, false, DeviceHint.ANY_GPU, null, null);
        pool = pool(machine(4, 14), model("a", NONE), model("b", gpuOnly));
        try (ChatLease lease = pool.leaseChat(spec("a"))) {
            assertThatThrownBy(() -> pool.leaseChat(spec("b")))
                    .isInstanceOfSatisfying(InferenceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MODEL_NOT_READY))
                    .hasMessage("cannot load b: needs 12.2 GiB VRAM, 1.3 GiB free on GPU0 after reserve"
                            + " (at context 8192, 2 slots); manifest pins device gpu, 1 model in use");
            assertThat(state("a")).isEqualTo(ModelState.READY);
            assertThat(state("b")).isEqualTo(ModelState.FAILED);
            assertThat(status("b").lastError()).contains("needs 12.2 GiB VRAM");
        }
    }

    @Test
    void aLoadThatRunsOutOfMemoryIsRetriedWithHalfTheContext() {
        pool = pool(machine(64, 24), autoContext("a"));
        loader.outOfMemoryFailures = 1;
        use("a");
        assertThat(loader.placements).extracting(Placement::context).containsExactly(8192, 4096);
        assertThat(status("a").contextLength()).isEqualTo(4096);
    }

    @Test
    void aSecondOutOfMemoryEvictsTheIdleModelsBeforeTheLastTry() {
        pool = pool(machine(64, 36), model("idle", NONE), autoContext("a"));
        use("idle");
        loader.outOfMemoryFailures = 2;
        use("a");
        assertThat(loader.placements).extracting(Placement::context).containsExactly(8192, 8192, 4096, 4096);
        assertThat(state("idle")).isEqualTo(ModelState.UNLOADED);
        assertThat(state("a")).isEqualTo(ModelState.READY);
    }

    @Test
    void aThirdOutOfMemoryFailsTheModelWithTheLoadersReason() {
        pool = pool(machine(64, 24), autoContext("a"));
        loader.outOfMemoryFailures = 3;
        assertThatThrownBy(() -> use("a"))
                .isInstanceOfSatisfying(InferenceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MODEL_NOT_READY))
                .hasMessageStartingWith("not enough memory to load a even with a smaller context and every idle model"
                        + " unloaded: loading a failed (OUT_OF_MEMORY)");
        assertThat(state("a")).isEqualTo(ModelState.FAILED);
        assertThat(loader.loads).hasValue(3);
    }

    @Test
    void eachModelHasItsOwnQueueLimitFromTheManifest() {
        ServingHints noQueue = new ServingHints(0, null, false, null, null, null);
        pool = pool(machine(64, 36), model("a", noQueue));
        try (ChatLease first = pool.leaseChat(spec("a")); ChatLease second = pool.leaseChat(spec("a"))) {
            assertThatThrownBy(() -> pool.leaseChat(spec("a")))
                    .isInstanceOfSatisfying(InferenceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OVERLOADED))
                    .hasMessageContaining("queue limit 0");
        }
        assertThat(status("a").queueLimit()).isZero();
    }

    private ModelPool pool(HardwareSnapshot hw, ModelSpec... specs) {
        hardware.set(hw);
        return new ModelPool(new Manifest(List.of(specs)), new PoolSettings(2, 4, Duration.ZERO, 8192), loader,
                hardware::get, clock, s -> Machines.model(s, 10, 40, 8192));
    }

    /** Takes a slot of the model and gives it back a second later. */
    private void use(String id) {
        clock.move(Duration.ofSeconds(1));
        try (ChatLease lease = pool.leaseChat(spec(id))) {
            assertThat(lease.model().id()).isEqualTo(id);
        }
    }

    private static ModelSpec model(String id, ServingHints hints) {
        return Machines.spec(id, 2, 8192, hints);
    }

    private static ModelSpec autoContext(String id) {
        return Machines.spec(id, 2, null, NONE);
    }

    private static ServingHints keepAlive(Duration d) {
        return new ServingHints(null, d, false, null, null, null);
    }

    private ModelSpec spec(String id) {
        return pool.status().stream().map(ModelStatus::spec).filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private ModelStatus status(String id) {
        return pool.status().stream().filter(s -> s.spec().id().equals(id)).findFirst().orElseThrow();
    }

    private ModelState state(String id) {
        return status(id).state();
    }

}
