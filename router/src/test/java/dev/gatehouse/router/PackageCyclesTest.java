package dev.gatehouse.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.architecture.PackageGraph;
import dev.gatehouse.router.http.GatehouseServer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {

    @Test
    void noTwoRouterPackagesDependOnEachOtherEvenThroughOthers() throws URISyntaxException {
        Path classes = Path.of(GatehouseServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        PackageGraph graph = PackageGraph.read(classes, "dev.gatehouse.router");

        assertThat(graph.packages()).as("the router's classes were read from " + classes)
                .contains("dev.gatehouse.router.http", "dev.gatehouse.router.features", "dev.gatehouse.router.difficulty");
        assertThat(graph.cycles())
                .as(() -> "package cycles, edge by edge: " + graph.cycles().stream().map(graph::edgesWithin).toList())
                .isEmpty();
    }
}
