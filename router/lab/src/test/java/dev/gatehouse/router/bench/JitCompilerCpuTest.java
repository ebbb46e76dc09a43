package dev.gatehouse.router.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JitCompilerCpuTest {

    @Test
    void aThreadsCpuIsItsUserAndSystemTicksEvenWhenItsNameHoldsSpacesAndParentheses() {
        String stat = "4242 (C2 (x) Thre) S 1 4242 4242 0 -1 4194368 120 0 0 0 50 7 0 0 20 0 1 0 300 0 0";

        assertThat(JitCompilerCpu.cpuTicks(stat)).isEqualTo(57);
    }

    @Test
    void onlyTheCompilerThreadsOfAProcessAreCounted(@TempDir Path tasks) throws Exception {
        thread(tasks, "101", "main", 900, 100);
        thread(tasks, "102", "C2 CompilerThre", 10, 5);
        thread(tasks, "103", "C1 CompilerThre", 2, 1);
        thread(tasks, "104", "GC Thread#0", 40, 40);

        assertThat(JitCompilerCpu.nanos(tasks)).hasValue(18 * 10_000_000L);
    }

    @Test
    void aProcessWithoutATaskFolderHasNoFigure(@TempDir Path dir) {
        assertThat(JitCompilerCpu.nanos(dir.resolve("gone"))).isEmpty();
    }

    private static void thread(Path tasks, String tid, String name, long user, long system) throws Exception {
        Path t = Files.createDirectories(tasks.resolve(tid));
        Files.writeString(t.resolve("comm"), name + "\n");
        Files.writeString(t.resolve("stat"), tid + " (" + name + ") S 1 1 1 0 -1 0 0 0 0 0 " + user + " " + system
                + " 0 0 20 0 1 0 300 0 0\n");
    }
}
