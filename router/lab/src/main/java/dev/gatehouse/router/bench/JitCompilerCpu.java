package dev.gatehouse.router.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * CPU time the JIT compiler threads of a running JVM have used so far, read from Linux's {@code /proc} (thread names
 * {@code C1 CompilerThre…} and {@code C2 CompilerThre…}); empty where there is no {@code /proc} or the process is
 * gone. A bench path is not warm while its JVMs still compile: after the median had settled, C2 went on compiling the
 * serve process for a minute more, off and on, and the rounds it compiled in had a one-client p99 three to four times
 * that of the rounds it did not.
 */
final class JitCompilerCpu {

    /** {@code /proc}'s clock ticks per second (USER_HZ): 100 on every Linux architecture the JDK runs on. */
    private static final long TICK_NANOS = 10_000_000;

    private JitCompilerCpu() {}

    /** The compiler threads' CPU time of these processes together, or empty when any of them cannot be read. */
    static OptionalLong nanos(Stream<ProcessHandle> processes) {
        long total = 0;
        for (ProcessHandle p : processes.toList()) {
            OptionalLong one = nanos(Path.of("/proc", Long.toString(p.pid()), "task"));
            if (one.isEmpty()) return one;
            total += one.getAsLong();
        }
        return OptionalLong.of(total);
    }

    /** @param tasks a process's {@code /proc/PID/task} folder */
    static OptionalLong nanos(Path tasks) {
        if (!Files.isDirectory(tasks)) return OptionalLong.empty();
        long ticks = 0;
        try (var threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                try {
                    String comm = Files.readString(thread.resolve("comm")).strip();
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        ticks += cpuTicks(Files.readString(thread.resolve("stat")));
                    }
                } catch (IOException e) {
                    // a compiler thread that ended meanwhile (HotSpot stops idle ones): its time is gone with it
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ticks * TICK_NANOS);
    }

    /**
     * User plus system ticks from one {@code stat} line: fields 14 and 15, counted after the name in parentheses,
     * which may itself hold spaces and parentheses.
     */
    static long cpuTicks(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[11]) + Long.parseLong(after[12]); // after[0] is field 3, the state
    }
}
