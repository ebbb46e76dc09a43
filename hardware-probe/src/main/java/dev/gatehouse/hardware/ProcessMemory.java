package dev.gatehouse.hardware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Resident memory of a process, read from Linux's {@code /proc/<pid>/status}. This is how the pool measures what a
 * model worker really holds, before and after a load, and what an unload gives back.
 */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** Resident set size in bytes, or empty when the process is gone or this is not Linux. */
    public static OptionalLong residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    // "VmRSS:	   94208 kB"
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    public static OptionalLong residentBytesOfThisProcess() {
        return residentBytes(ProcessHandle.current().pid());
    }
}
