package dev.gatehouse.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.manifest.gguf.SharedModels;
import dev.gatehouse.hardware.ProcessMemory;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatMessage.Role;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.FinishReason;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import dev.gatehouse.natives.ChatEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real worker processes running real llama.cpp on a generated random-weight model (and stories260K when present). */
class WorkerChatModelTest {
    @TempDir
    static Path dir;
    static Path tinyModel;
    private WorkerChatModel model;

    @BeforeAll
    static void writeFixture() throws Exception {
        tinyModel = dir.resolve("tiny.gguf");
        RandomLlamaGguf.write(tinyModel, RandomLlamaSpec.tiny());
    }

    @AfterEach
    void unload() {
        if (model != null) model.close();
    }

    @Test
    void aWorkerGeneratesUntilMaxTokensAndReportsRealTokenCounts() {
        model = launch(tinyModel, 1);
        List<ChatMessage> messages = List.of(new ChatMessage(Role.USER, "Say hello"));
        int promptTokens = model.countPromptTokens(messages);
        assertThat(promptTokens).isGreaterThan(3);

        try (TokenStream stream = model.generate(request(messages, 12))) {
            int pieces = 0;
            TokenEvent event;
            while ((event = stream.next()) instanceof TokenEvent.Text) pieces++;
            var end = (TokenEvent.End) event;
            assertThat(end.usage().promptTokens()).isEqualTo(promptTokens);
            assertThat(end.usage().completionTokens()).isBetween(1, 12);
            if (end.finishReason() == FinishReason.LENGTH) assertThat(end.usage().completionTokens()).isEqualTo(12);
            assertThat(pieces).isLessThanOrEqualTo(end.usage().completionTokens());
        }
    }

    @Test
    void closingTheStreamAfterFivePiecesStopsGenerationAndFreesTheSlot() {
        model = launch(tinyModel, 16_384, 1);
        var messages = List.of(new ChatMessage(Role.USER, "Tell me a long story"));
        WorkerTokenStream stream = (WorkerTokenStream) model.generate(request(messages, 16_000));
        int received = 0;
        while (received < 5 && stream.next() instanceof TokenEvent.Text) received++;
        stream.close();
        assertThat(received).isEqualTo(5);
        // The worker confirms the cancel with the count it generated: the five read plus what the decode loop made
        // before the cancel reached it (it does not wait for the reader), far below the 16,000 asked for.
        assertThat(stream.generatedTokens()).isBetween(5, 2_000);

        // The single slot is free at once: a new generation runs to its end.
        try (TokenStream next = model.generate(request(messages, 3))) {
            TokenEvent event;
            while ((event = next.next()) instanceof TokenEvent.Text) { }
            assertThat(((TokenEvent.End) event).usage().completionTokens()).isBetween(1, 3);
        }
    }

    @Test
    void closingFromAnotherThreadWakesAReaderWhoseWorkerIsAliveButStuck() throws Exception {
        model = launch(tinyModel, 16_384, 1);
        TokenStream stream = model.generate(request(List.of(new ChatMessage(Role.USER, "go")), 16_000));
        assertThat(stream.next()).isInstanceOf(TokenEvent.Text.class);
        long pid = model.pid();
        signal("STOP", pid); // alive, holding its socket open, sending nothing more
        try {
            var reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    while (true) stream.next(); // queued pieces, then a wait the stopped worker never ends
                } catch (InferenceException e) {
                    return e;
                }
            });
            stream.close(); // what a request deadline does, from its own thread

            InferenceException woken = reader.get(5, TimeUnit.SECONDS);
            assertThat(woken.kind()).isEqualTo(InferenceException.Kind.CANCELLED);
        } finally {
            signal("CONT", pid);
        }
    }

    private static void signal(String name, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor()).isZero();
    }

    @Test
    void aWorkerKilledMidStreamFailsTheRequestCleanlyAndIsReportedDead() throws Exception {
        model = launch(tinyModel, 16_384, 1);
        TokenStream stream = model.generate(request(List.of(new ChatMessage(Role.USER, "go")), 16_000));
        assertThat(stream.next()).isInstanceOf(TokenEvent.Text.class);
        ProcessHandle.of(model.pid()).orElseThrow().destroyForcibly();

        assertThatThrownBy(() -> { while (true) stream.next(); })
                .isInstanceOfSatisfying(InferenceException.class,
                        e -> assertThat(e.kind()).isEqualTo(InferenceException.Kind.WORKER_FAILED))
                .hasMessageContaining("signal 9");
        assertThat(model.alive()).isFalse();
        assertThatThrownBy(() -> model.countPromptTokens(List.of(new ChatMessage(Role.USER, "hi"))))
                .isInstanceOf(InferenceException.class);
    }

    @Test
    void aWorkerThatStopsWhenAskedLeavesNoLogOrNativeDirectoryBehind() throws Exception {
        Path logs = dir.resolve("clean-stop");
        model = WorkerChatModel.launch("tiny", WorkerOptions.sameJvm(logs), load(tinyModel, 256, 1));
        assertThat(logs.resolve("tiny.log")).exists();
        model.close();
        model = null;
        try (var left = Files.list(logs)) {
            assertThat(left.toList()).isEmpty();
        }
    }

    @Test
    void aKilledWorkerKeepsItsLogAndAModelThatKeepsDyingKeepsOnlyItsLastLogs() throws Exception {
        Path logs = dir.resolve("crashes");
        for (int i = 0; i < WorkerLogs.KEPT + 2; i++) {
            model = WorkerChatModel.launch("tiny", WorkerOptions.sameJvm(logs), load(tinyModel, 256, 1));
            ProcessHandle worker = ProcessHandle.of(model.pid()).orElseThrow();
            worker.destroyForcibly();
            worker.onExit().join();
            model.close();
        }
        model = null;
        try (var left = Files.list(logs)) {
            assertThat(left.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("tiny.1.log", "tiny.2.log", "tiny.3.log", "tiny.log");
        }
    }

    @Test
    void unloadingEndsTheWorkerProcessSoItsMemoryIsReturned() throws Exception {
        model = launch(tinyModel, 1);
        long pid = model.pid();
        assertThat(ProcessMemory.residentBytes(pid)).isPresent();
        model.close();
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(ProcessMemory.residentBytes(pid)).isEmpty();
        model = null;
    }

    @Test
    void theWorkerRunsWithTheEnvironmentItWasGivenSuchAsWhichGpusItMaySee() throws Exception {
        Path environ = Path.of("/proc/self/environ");
        assumeTrue(Files.isReadable(environ), "SKIPPED: /proc/<pid>/environ is Linux-only");
        WorkerOptions options = WorkerOptions.sameJvm(dir.resolve("run")).withEnvironment(Map.of("CUDA_VISIBLE_DEVICES", "7"));
        model = WorkerChatModel.launch("env", options, load(tinyModel, 256, 1));
        String env = new String(Files.readAllBytes(Path.of("/proc", Long.toString(model.pid()), "environ")));
        assertThat(env.split("\u0000")).contains("CUDA_VISIBLE_DEVICES=7");
    }

    @Test
    void aCorruptModelFileFailsTheLoadWithTheNativeKindAndNoWorkerIsLeftBehind() throws Exception {
        Path corrupt = dir.resolve("corrupt.gguf");
        Files.write(corrupt, "GGUF not really".getBytes());
        assertThatThrownBy(() -> launch(corrupt, 1))
                .isInstanceOfSatisfying(InferenceException.class,
                        e -> assertThat(e.kind()).isEqualTo(InferenceException.Kind.MODEL_NOT_READY))
                .hasMessageContaining("MODEL_FILE_CORRUPT");
    }

    @Test
    void storiesModelWritesRealEnglishThroughTheWorker() {
        Path stories = sharedModel("stories260K.gguf");
        model = launch(stories, 2);
        var prompt = List.of(new ChatMessage(Role.USER, "Once upon a time"));
        var params = new GenerationParams(40, 0.0, 1.0, 1L, List.of());
        StringBuilder text = new StringBuilder();
        try (TokenStream stream = model.generate(new ChatRequest(prompt, params))) {
            for (TokenEvent e = stream.next(); e instanceof TokenEvent.Text t; e = stream.next()) text.append(t.text());
        }
        assertThat(text.toString()).matches("(?s).*\\b(the|a|was|and|she|he)\\b.*");
    }

    static Path sharedModel(String name) {
        return SharedModels.require(name);
    }

    private WorkerChatModel launch(Path file, int slots) {
        return launch(file, 256, slots);
    }

    private WorkerChatModel launch(Path file, int context, int slots) {
        WorkerOptions options = WorkerOptions.sameJvm(dir.resolve("run"));
        return WorkerChatModel.launch(file.getFileName().toString(), options, load(file, context, slots));
    }

    /** The default engine choice: llama.cpp through FFM when its libraries are installed (the build installs them). */
    private static WorkerLoad load(Path file, int context, int slots) {
        return WorkerLoad.of(file, context, slots, 2, 0, null, ChatEngines.LlamaCppLibraries.installed());
    }

    private static ChatRequest request(List<ChatMessage> messages, int maxTokens) {
        return new ChatRequest(messages, new GenerationParams(maxTokens, 0.8, 0.95, 7L, List.of()));
    }
}
