package dev.gatehouse.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.inference.InferenceException.Kind;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ModelFormat;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.ServingHints;
import dev.gatehouse.manifest.TaskKind;
import dev.gatehouse.manifest.Tier;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelPoolTest {
    private static final ModelSpec STORIES = chat("stories", List.of("small"), true, 2);
    private static final ModelSpec OTHER = chat("other", List.of(), false, 1);

    private final ScriptedLoader loader = new ScriptedLoader();
    private ModelPool pool;

    @AfterEach
    void closePool() {
        if (pool != null) pool.close();
    }

    @Test
    void autoAndMissingModelNamesGoToTheDefaultChatModelAndAliasesResolve() {
        pool = pool(0, Duration.ZERO);
        assertThat(pool.resolve(null, TaskKind.CHAT)).isEqualTo(STORIES);
        assertThat(pool.resolve("auto", TaskKind.CHAT)).isEqualTo(STORIES);
        assertThat(pool.resolve("small", TaskKind.CHAT)).isEqualTo(STORIES);
        assertThat(pool.resolve("other", TaskKind.CHAT)).isEqualTo(OTHER);
    }

    @Test
    void unknownModelIsNotFoundAndNamesTheKnownOnes() {
        pool = pool(0, Duration.ZERO);
        assertThatThrownBy(() -> pool.resolve("gpt-7", TaskKind.CHAT))
                .isInstanceOfSatisfying(InferenceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MODEL_NOT_FOUND))
                .hasMessageContaining("gpt-7").hasMessageContaining("stories");
    }

    @Test
    void aChatModelAskedForEmbeddingsIsTheWrongTask() {
        pool = pool(0, Duration.ZERO);
        assertThatThrownBy(() -> pool.resolve("stories", TaskKind.EMBEDDINGS))
                .isInstanceOfSatisfying(InferenceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.WRONG_TASK));
    }

    @Test
    void startLoadsOnlyTheDefaultModelAndThenThePoolIsReady() {
        pool = pool(0, Duration.ZERO);
        assertThat(pool.ready()).isFalse();
        pool.start();
        assertThat(pool.ready()).isTrue();
        assertThat(loader.loads).hasValue(1);
        assertThat(state("stories")).isEqualTo(ModelState.READY);
        assertThat(state("other")).isEqualTo(ModelState.UNLOADED);
    }

    @Test
    void aModelIsLoadedOnItsFirstRequest() {
        pool = pool(0, Duration.ZERO);
        try (ChatLease lease = pool.leaseChat(OTHER)) {
            assertThat(lease.model()).isEqualTo(OTHER);
            assertThat(state("other")).isEqualTo(ModelState.READY);
        }
    }

    @Test
    void leasesAreBoundedBySlotsAndAFullQueueIsRefusedWithRetryAfter() {
        pool = pool(0, Duration.ZERO);
        ChatLease first = pool.leaseChat(STORIES);
        ChatLease second = pool.leaseChat(STORIES);
        assertThat(inFlight("stories")).isEqualTo(2);
        assertThatThrownBy(() -> pool.leaseChat(STORIES))
                .isInstanceOfSatisfying(InferenceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
                    assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive());
                })
                .hasMessageContaining("2 slots");
        first.close();
        second.close();
        assertThat(inFlight("stories")).isZero();
    }

    @Test
    void aWaitingRequestGetsTheSlotWhenALeaseIsClosed() throws Exception {
        pool = pool(4, Duration.ofSeconds(30));
        ChatLease only = pool.leaseChat(OTHER);
        CompletableFuture<ChatLease> waiting = CompletableFuture.supplyAsync(() -> pool.leaseChat(OTHER));
        awaitQueued("other", 1);
        assertThat(waiting).isNotDone();
        only.close();
        try (ChatLease next = waiting.get(10, TimeUnit.SECONDS)) {
            assertThat(inFlight("other")).isEqualTo(1);
            assertThat(status("other").queued()).isZero();
        }
    }

    @Test
    void aRequestThatWaitsLongerThanTheQueueWaitIsRefusedAsOverloaded() {
        pool = pool(4, Duration.ofMillis(50));
        try (ChatLease only = pool.leaseChat(OTHER)) {
            assertThatThrownBy(() -> pool.leaseChat(OTHER))
                    .isInstanceOfSatisfying(InferenceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OVERLOADED))
                    .hasMessageContaining("within 50 ms");
            assertThat(status("other").queued()).isZero();
        }
    }

    @Test
    void aFailedLoadIsReportedAndRetriedOnTheNextRequest() {
        pool = pool(0, Duration.ZERO);
        loader.failWith = "MODEL_FILE_CORRUPT: bad magic";
        pool.start();
        assertThat(state("stories")).isEqualTo(ModelState.FAILED);
        assertThat(status("stories").lastError()).contains("bad magic");
        assertThat(status("stories").loadFailures()).as("counted for the load-failure metric").isEqualTo(1);
        assertThat(pool.ready()).isFalse();

        loader.failWith = null;
        try (ChatLease lease = pool.leaseChat(STORIES)) {
            assertThat(state("stories")).isEqualTo(ModelState.READY);
        }
        assertThat(loader.loads).hasValue(2);
        assertThat(status("stories").loadFailures()).as("a later success does not undo the count").isEqualTo(1);
    }

    @Test
    void aModelWhoseWorkerDiedIsMarkedFailedAndRestartedOnTheNextRequest() {
        pool = pool(0, Duration.ZERO);
        pool.start();
        ScriptedLoader.ScriptedChatModel first = loader.last();
        first.alive = false;
        assertThat(state("stories")).isEqualTo(ModelState.FAILED);
        assertThat(status("stories").lastError()).contains("died");
        assertThat(status("stories").workerCrashes()).as("counted once, however often status is read").isEqualTo(1);
        assertThat(status("stories").workerCrashes()).isEqualTo(1);
        assertThat(status("stories").loadFailures()).isZero();
        assertThat(pool.ready()).isFalse();
        assertThat(first.closed).isTrue();

        try (ChatLease lease = pool.leaseChat(STORIES)) {
            assertThat(loader.last()).isNotSameAs(first);
        }
        assertThat(pool.ready()).isTrue();
    }

    @Test
    void unloadWaitsForInFlightLeasesThenClosesTheModel() throws Exception {
        pool = pool(0, Duration.ZERO);
        pool.start();
        ChatLease lease = pool.leaseChat(STORIES);
        CompletableFuture<Void> unloading = CompletableFuture.runAsync(() -> pool.unload("stories"));
        Thread.sleep(100); // the unload must still be waiting; nothing can make it finish but the lease
        assertThat(unloading).isNotDone();
        assertThat(state("stories")).isEqualTo(ModelState.DRAINING);
        lease.close();
        unloading.get(10, TimeUnit.SECONDS);
        assertThat(state("stories")).isEqualTo(ModelState.UNLOADED);
        assertThat(loader.last().closed).isTrue();
    }

    @Test
    void closingALeaseTwiceReturnsItsSlotOnce() {
        pool = pool(0, Duration.ZERO);
        ChatLease lease = pool.leaseChat(STORIES);
        lease.close();
        lease.close();
        assertThat(inFlight("stories")).isZero();
        assertThatThrownBy(() -> lease.generate(new ChatRequest(List.of(), GenerationParams.defaults())))
                .isInstanceOf(IllegalStateException.class);
    }

    private ModelPool pool(int maxQueue, Duration wait) {
        return new ModelPool(new Manifest(List.of(STORIES, OTHER)), new PoolSettings(2, maxQueue, wait, 512), loader);
    }

    private ModelStatus status(String id) {
        return pool.status().stream().filter(s -> s.spec().id().equals(id)).findFirst().orElseThrow();
    }

    private ModelState state(String id) {
        return status(id).state();
    }

    private int inFlight(String id) {
        return status(id).inFlight();
    }

    private void awaitQueued(String id, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (status(id).queued() < n && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(status(id).queued()).isEqualTo(n);
    }

    private static ModelSpec chat(String id, List<String> aliases, boolean isDefault, Integer slots) {
        return new ModelSpec(id, aliases, ModelFormat.GGUF, id + ".gguf", null, null, null, Set.of(TaskKind.CHAT),
                Tier.SMALL, isDefault, slots, null, null, ServingHints.NONE);
    }
}
