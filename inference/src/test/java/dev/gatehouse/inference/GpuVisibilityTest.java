package dev.gatehouse.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.inference.placement.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuVisibilityTest {

    @Test
    void aWorkerSeesExactlyThePlannedGpusAndACpuPlacementSeesNone() {
        assertThat(GpuVisibility.of(Device.gpu(1))).containsEntry(GpuVisibility.VARIABLE, "1");
        assertThat(GpuVisibility.of(Device.split(List.of(0, 2)))).containsEntry(GpuVisibility.VARIABLE, "0,2");
        assertThat(GpuVisibility.of(Device.partial(3))).containsEntry(GpuVisibility.VARIABLE, "3");
        assertThat(GpuVisibility.of(Device.CPU)).containsEntry(GpuVisibility.VARIABLE, "");
    }
}
