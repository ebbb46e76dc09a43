package dev.gatehouse.router.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.config.ConfigOverrides;
import dev.gatehouse.router.config.ConfigReader;
import dev.gatehouse.router.config.GatehouseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What can be checked of the two images without a container engine (none runs here; the images were not built): what
 * they copy exists or is what the build makes, they run as a non-root user, report readiness, keep models in a volume
 * and start the server with a configuration that validates.
 */
class DockerfilesTest {
    private static final Path JAR = Path.of("router/target/gatehouse.jar");

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.cpu", "Dockerfile.cuda"})
    void everyFileTheImageCopiesIsInTheRepositoryOrIsTheJarTheBuildMakes(String name) throws IOException {
        Dockerfiles docker = Dockerfiles.read(name);

        assertThat(docker.contextSources()).isNotEmpty().contains(JAR.toString());
        for (String source : docker.contextSources()) {
            if (source.equals(JAR.toString())) {
                continue;
            }
            assertThat(Dockerfiles.REPO.resolve(source)).as(name + " copies " + source).exists();
            assertThat(tracked(source)).as(source + " must not be ignored by git (a fresh clone must have it)")
                    .isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.cpu", "Dockerfile.cuda"})
    void theBuildContextLetsInEveryFileTheImageCopies(String name) throws IOException {
        List<String> ignore = Files.readAllLines(Dockerfiles.REPO.resolve(".dockerignore"));

        assertThat(ignore).contains("**");
        for (String source : Dockerfiles.read(name).contextSources()) {
            assertThat(ignore).as(".dockerignore must let in " + source).contains("!" + source);
        }
    }

    @org.junit.jupiter.api.Test
    void theJarTheImagesCopyIsTheOneThePackageBuildWrites() throws IOException {
        String pom = Files.readString(Dockerfiles.REPO.resolve("router/pom.xml"));

        // the shade plugin of the router module writes target/<finalName>.jar
        assertThat(pom).contains("maven-shade-plugin", "<finalName>gatehouse</finalName>");
        assertThat(JAR.getFileName().toString()).isEqualTo("gatehouse.jar");
        assertThat(Files.readString(Dockerfiles.REPO.resolve("gatehouse"))).contains("router/target/gatehouse.jar");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.cpu", "Dockerfile.cuda"})
    void theServerRunsAsANonRootUserWithReadinessAsItsHealthAndModelsInAVolume(String name) throws IOException {
        Dockerfiles docker = Dockerfiles.read(name);

        assertThat(docker.all("USER")).isNotEmpty().allSatisfy(user -> assertThat(user).isNotIn("root", "0"));
        assertThat(docker.instructions().getLast()).startsWith("CMD [\"serve\"");
        assertThat(docker.all("HEALTHCHECK")).singleElement().asString()
                .contains("http://127.0.0.1:8080/health/ready");
        assertThat(docker.all("VOLUME")).singleElement().asString().contains("\"/models\"");
        assertThat(docker.all("EXPOSE")).containsExactly("8080");
        assertThat(docker.all("ENV")).anySatisfy(env -> assertThat(env).contains("GATEHOUSE_MODELS_DIR=/models"));
        // the USER line comes before the backend install, so the backend cache belongs to the server's user
        int user = docker.instructions().indexOf("USER gatehouse");
        int install = indexOf(docker, "backends install");
        assertThat(user).isPositive().isLessThan(install);
    }

    @org.junit.jupiter.api.Test
    void theCudaImageIsBuiltOnTheCuda13RuntimeWithTheCudaBackendInstalledAtBuildTime() throws IOException {
        Dockerfiles docker = Dockerfiles.read("Dockerfile.cuda");

        assertThat(docker.all("FROM")).anySatisfy(from -> assertThat(from).matches("nvidia/cuda:13\\.[0-9.]+-runtime-.*"));
        assertThat(docker.all("RUN")).anySatisfy(run -> assertThat(run).contains("backends install cuda"));
    }

    @org.junit.jupiter.api.Test
    void theConfigurationBakedIntoTheImagesValidatesAndListensOnTheExposedPort() {
        GatehouseConfig config = ConfigReader.read(new ConfigOverrides(null, null,
                Dockerfiles.REPO.resolve("models.yaml"), Dockerfiles.REPO.resolve("docker/gatehouse.yaml")),
                Map.of("GATEHOUSE_MODELS_DIR", "/models"));

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.modelsDir()).isEqualTo(Path.of("/models"));
    }

    private static int indexOf(Dockerfiles docker, String text) {
        for (int i = 0; i < docker.instructions().size(); i++) {
            if (docker.instructions().get(i).contains(text)) return i;
        }
        return -1;
    }

    private static boolean tracked(String source) throws IOException {
        try {
            Process git = new ProcessBuilder("git", "check-ignore", "-q", source).directory(Dockerfiles.REPO.toFile())
                    .redirectErrorStream(true).start();
            return git.waitFor() == 1; // 1: not ignored
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
