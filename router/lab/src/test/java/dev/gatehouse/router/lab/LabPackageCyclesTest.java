package dev.gatehouse.router.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.architecture.PackageGraph;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LabPackageCyclesTest {

    @Test
    void noTwoLabPackagesDependOnEachOtherEvenThroughOthers() throws URISyntaxException {
        Path classes = Path.of(LabCommands.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        PackageGraph graph = PackageGraph.read(classes, "dev.gatehouse.router");

        assertThat(graph.packages()).as("the lab's classes were read from " + classes)
                .contains("dev.gatehouse.router.bench", "dev.gatehouse.router.eval", "dev.gatehouse.router.difficulty");
        assertThat(graph.cycles())
                .as(() -> "package cycles, edge by edge: " + graph.cycles().stream().map(graph::edgesWithin).toList())
                .isEmpty();
    }
}
