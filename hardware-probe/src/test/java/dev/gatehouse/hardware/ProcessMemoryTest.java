package dev.gatehouse.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void thisJvmHoldsSomeResidentMemoryAndTouchingMoreRaisesIt() {
        assumeTrue(Files.exists(Path.of("/proc/self/status")), "SKIPPED: /proc is Linux-only; RSS cannot be read here");
        long before = ProcessMemory.residentBytesOfThisProcess().orElseThrow();
        assertThat(before).isGreaterThan(1 << 20);
        byte[] touched = new byte[64 << 20];
        for (int i = 0; i < touched.length; i += 4096) touched[i] = 1;
        long after = ProcessMemory.residentBytesOfThisProcess().orElseThrow();
        assertThat(after - before).isGreaterThan(32L << 20);
        assertThat(touched[4096]).isEqualTo((byte) 1);
    }

    @Test
    void aProcessThatDoesNotExistHasNoResidentMemory() {
        assertThat(ProcessMemory.residentBytes(Long.MAX_VALUE)).isEmpty();
    }
}
