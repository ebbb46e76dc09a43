package dev.gatehouse.router.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.manifest.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docker/k8s without a cluster or kubeconform (neither is available here): every document parses and has the fields
 * its kind requires, the workloads and Services agree on labels and ports, probes are on readiness, GPU nodes ask for
 * a GPU, and every ConfigMap and Secret a workload mounts is defined or documented.
 */
class KubernetesManifestsTest {
    private static final Path K8S = Dockerfiles.REPO.resolve("docker/k8s");

    private final List<JsonNode> documents = readAll();

    @Test
    void everyDocumentHasApiVersionKindNameAndTheGatehouseNamespace() {
        assertThat(documents).hasSizeGreaterThanOrEqualTo(8);
        for (JsonNode d : documents) {
            String what = d.path("kind").asText() + "/" + d.path("metadata").path("name").asText();
            assertThat(d.path("apiVersion").asText()).as(what).isNotBlank();
            assertThat(d.path("kind").asText()).as(what).isIn("Namespace", "ConfigMap", "Deployment", "DaemonSet",
                    "Service", "NetworkPolicy");
            assertThat(d.path("metadata").path("name").asText()).as(what).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
            if (!d.path("kind").asText().equals("Namespace")) {
                assertThat(d.path("metadata").path("namespace").asText()).as(what).isEqualTo("gatehouse");
            }
        }
    }

    @Test
    void theFrontIsADeploymentAndEachGpuNodeRunsOneGatehouseThatAsksForAGpu() {
        JsonNode front = only("Deployment", "gatehouse-front");
        JsonNode gpu = only("DaemonSet", "gatehouse-gpu");

        assertThat(front.path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode pod = gpu.path("spec").path("template").path("spec");
        assertThat(pod.path("nodeSelector").path("nvidia.com/gpu.present").asText()).isEqualTo("true");
        assertThat(pod.path("containers").get(0).path("resources").path("limits").path("nvidia.com/gpu").asInt())
                .isEqualTo(1);
        assertThat(pod.path("tolerations").findValuesAsText("key")).contains("nvidia.com/gpu");
        assertThat(pod.path("initContainers").get(0).path("args").get(0).asText()).isEqualTo("pull");
    }

    @Test
    void workloadsSelectTheirOwnPodsAreReadyOnlyWithLoadedModelsAndRunAsNonRoot() {
        for (JsonNode w : workloads()) {
            String name = w.path("metadata").path("name").asText();
            JsonNode template = w.path("spec").path("template");
            w.path("spec").path("selector").path("matchLabels").properties().forEach(label ->
                    assertThat(template.path("metadata").path("labels").path(label.getKey()).asText()).as(name)
                            .isEqualTo(label.getValue().asText()));
            JsonNode pod = template.path("spec");
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(name).isTrue();
            assertThat(pod.path("securityContext").path("runAsUser").asInt()).as(name).isEqualTo(10001);
            for (JsonNode c : pod.path("containers")) {
                assertThat(c.path("image").asText()).as(name).startsWith("gatehouse:");
                assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).as(name)
                        .isEqualTo("/health/ready");
                assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).as(name)
                        .isEqualTo("/health/live");
                assertThat(c.path("args").get(0).asText()).as(name).isEqualTo("serve");
            }
        }
    }

    @Test
    void everyServiceSelectsAWorkloadAndTargetsAPortItNames() {
        for (JsonNode s : kind("Service")) {
            String name = s.path("metadata").path("name").asText();
            Map<String, Object> selector = new YAMLMapper().convertValue(s.path("spec").path("selector"), Map.class);
            JsonNode workload = workloads().stream().filter(w -> new YAMLMapper().convertValue(
                    w.path("spec").path("template").path("metadata").path("labels"), Map.class).entrySet()
                    .containsAll(selector.entrySet())).findFirst().orElse(null);
            assertThat(workload).as(name + " selects no workload").isNotNull();
            List<String> portNames = new ArrayList<>();
            workload.path("spec").path("template").path("spec").path("containers")
                    .forEach(c -> c.path("ports").forEach(p -> portNames.add(p.path("name").asText())));
            s.path("spec").path("ports").forEach(p -> assertThat(portNames).as(name).contains(
                    p.path("targetPort").asText()));
            assertThat(portNames).as(name).isNotEmpty();
        }
    }

    @Test
    void everyMountedConfigMapIsDefinedAndTheKeysSecretIsDocumented() throws IOException {
        List<String> configMaps = kind("ConfigMap").stream().map(c -> c.path("metadata").path("name").asText())
                .toList();
        String readme = Files.readString(K8S.resolve("README.md"));
        for (JsonNode w : workloads()) {
            for (JsonNode v : w.path("spec").path("template").path("spec").path("volumes")) {
                if (v.has("configMap")) {
                    assertThat(configMaps).contains(v.path("configMap").path("name").asText());
                }
                if (v.has("secret")) {
                    assertThat(readme).contains("create secret generic " + v.path("secret").path("secretName")
                            .asText());
                }
            }
        }
    }

    @Test
    void theManifestsInTheConfigMapsAreValidAndTheGpuModelsCanBePulled() {
        for (JsonNode c : kind("ConfigMap")) {
            String name = c.path("metadata").path("name").asText();
            Manifest manifest = ManifestReader.parse(c.path("data").path("models.yaml").asText(), name + " models.yaml");
            assertThat(manifest.models()).as(name).isNotEmpty();
            assertThat(c.path("data").path("gatehouse.yaml").asText()).as(name)
                    .contains("manifest: /etc/gatehouse/models.yaml");
        }
        Manifest gpu = ManifestReader.parse(only("ConfigMap", "gatehouse-gpu").path("data").path("models.yaml")
                .asText(), "gpu models.yaml");
        assertThat(gpu.models().stream().filter(m -> m.builtin() == null))
                .isNotEmpty().allSatisfy(m -> assertThat(m.url()).isNotNull())
                .allSatisfy(m -> assertThat(m.sha256()).isNotNull());
        assertThat(gpu.models().stream().map(ModelSpec::id)).contains("qwen3-8b");
    }

    private List<JsonNode> workloads() {
        return Stream.concat(kind("Deployment").stream(), kind("DaemonSet").stream()).toList();
    }

    private List<JsonNode> kind(String kind) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    private JsonNode only(String kind, String name) {
        return kind(kind).stream().filter(d -> d.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static List<JsonNode> readAll() {
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(
                        file.toFile())) {
                    docs.readAll().stream().filter(d -> !d.isNull() && !d.isEmpty()).forEach(all::add);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return all;
    }
}
