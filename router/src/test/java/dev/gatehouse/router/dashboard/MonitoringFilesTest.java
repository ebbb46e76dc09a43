package dev.gatehouse.router.dashboard;

import static dev.gatehouse.router.dashboard.DashboardGatehouse.CARD_PROMPT;
import static dev.gatehouse.router.dashboard.DashboardGatehouse.PUBLIC_PROMPT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gatehouse.hardware.HardwareProbe;
import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.hardware.HardwareSnapshot.GpuInfo;
import dev.gatehouse.hardware.OshiHardwareProbe;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules in {@code docker/prometheus/} and the Grafana dashboard in {@code docker/grafana/} read only
 * metrics that a running server exports: a real server (builtin stories260K, a fake provider, a budget, and a
 * hardware probe that adds one GPU so the VRAM gauges exist on a machine without one) serves a request that escalates
 * and one that a gate keeps local, then its {@code /metrics} must name every metric the files reference.
 */
class MonitoringFilesTest {

    static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theAlertRulesCoverEveryOperationalRiskTheIssueNames() throws IOException {
        Map<String, JsonNode> alerts = alertRules();

        assertThat(alerts).containsKeys("GatehouseEscalationRateSpike", "GatehouseQueueSaturated",
                "GatehouseModelLoadFailures", "GatehouseWorkerCrashes", "GatehouseBudgetNearlyExhausted",
                "GatehouseVramNearlyFull");
        alerts.forEach((name, rule) -> {
            assertThat(rule.path("expr").asText()).as(name + " expr").isNotBlank();
            assertThat(rule.at("/labels/severity").asText()).as(name + " severity").isIn("warning", "critical");
            assertThat(rule.at("/annotations/summary").asText()).as(name + " summary").isNotBlank();
        });
    }

    @Test
    void theGrafanaDashboardHasAQueryInEveryPanelAndUniquePanelIds() throws IOException {
        for (Path file : files("grafana", ".json")) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            assertThat(dashboard.path("title").asText()).as(file.toString()).isNotBlank();
            Set<Integer> ids = new TreeSet<>();
            for (JsonNode panel : panels(dashboard)) {
                assertThat(ids.add(panel.path("id").asInt())).as("panel id %s unique in %s", panel.path("id"), file)
                        .isTrue();
                if (panel.path("type").asText().equals("row")) continue;
                assertThat(panel.path("targets").findValuesAsText("expr")).as(panel.path("title").asText())
                        .isNotEmpty().allMatch(expr -> !expr.isBlank());
            }
            assertThat(ids).as(file.toString()).hasSizeGreaterThan(10);
        }
    }

    @Test
    void everyMetricTheAlertsAndTheDashboardReferenceIsExportedByARunningServer() throws IOException {
        Map<String, Set<String>> referenced = new TreeMap<>(); // metric -> where
        alertRules().forEach((name, rule) -> PromQlMetricNames.of(rule.path("expr").asText())
                .forEach(metric -> referenced.computeIfAbsent(metric, k -> new TreeSet<>()).add("alert " + name)));
        for (Path file : files("grafana", ".json")) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            for (JsonNode panel : panels(dashboard)) {
                for (String expr : panel.path("targets").findValuesAsText("expr")) {
                    PromQlMetricNames.of(expr).forEach(metric -> referenced
                            .computeIfAbsent(metric, k -> new TreeSet<>()).add("panel " + panel.path("title").asText()));
                }
            }
            for (JsonNode variable : dashboard.at("/templating/list")) {
                String query = variable.path("query").isObject() ? variable.at("/query/query").asText()
                        : variable.path("query").asText();
                if (!variable.path("type").asText().equals("query")) continue;
                PromQlMetricNames.ofVariableQuery(query).forEach(metric -> referenced
                        .computeIfAbsent(metric, k -> new TreeSet<>()).add("variable " + variable.path("name").asText()));
            }
        }
        assertThat(referenced).as("the files reference metrics at all").hasSizeGreaterThan(15);

        Set<String> exported;
        try (DashboardGatehouse gatehouse = DashboardGatehouse.start(dir, withOneGpu(OshiHardwareProbe.live()))) {
            assertThat(gatehouse.chat(PUBLIC_PROMPT).headers().firstValue("x-gatehouse-model")).hasValue("cloud/big");
            assertThat(gatehouse.chat(CARD_PROMPT).headers().firstValue("x-gatehouse-model")).hasValue("stories260k");
            HttpResponse<String> metrics = gatehouse.get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            exported = names(metrics.body());
        }

        Map<String, Set<String>> missing = new TreeMap<>(referenced);
        missing.keySet().removeAll(exported);
        assertThat(missing).as("referenced but not exported (exported: %s)", exported).isEmpty();
    }

    /**
     * Prometheus's own rule tester on series that should fire each alert ({@code prometheus/gatehouse-alerts-test.yml}
     * in the test resources): the expressions parse, fire when they should and not before, with their labels and
     * texts. Needs {@code promtool} (Debian's {@code prometheus} package, which .ci/run installs).
     */
    @Test
    void promtoolFiresEachAlertOnSeriesThatShouldTriggerIt() throws Exception {
        Path promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(d -> Path.of(d, "promtool")).filter(Files::isExecutable).findFirst().orElse(null);
        if (promtool == null) {
            String why = "SKIPPED: promtool is not installed (apt-get install prometheus); the alert rules' metrics are "
                    + "still checked against a running server by the other tests here";
            System.err.println(why);
            org.junit.jupiter.api.Assumptions.abort(why);
        }
        Files.copy(DOCKER.resolve("prometheus").resolve("gatehouse-alerts.yml"), dir.resolve("gatehouse-alerts.yml"));
        try (var tests = MonitoringFilesTest.class.getResourceAsStream("/prometheus/gatehouse-alerts-test.yml")) {
            Files.copy(tests, dir.resolve("gatehouse-alerts-test.yml"));
        }
        Process run = new ProcessBuilder(promtool.toString(), "test", "rules", "gatehouse-alerts-test.yml")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(run.waitFor()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    /** Every alerting rule of every rule file, by name; other YAML files there (a scrape config) are skipped. */
    static Map<String, JsonNode> alertRules() throws IOException {
        Map<String, JsonNode> alerts = new TreeMap<>();
        List<Path> files = files("prometheus", ".yml");
        for (Path file : files) {
            JsonNode root = YAML.readTree(file.toFile());
            for (JsonNode group : root.path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("alert")) {
                        assertThat(alerts.put(rule.get("alert").asText(), rule)).as("alert name unique").isNull();
                    }
                }
            }
        }
        assertThat(alerts).as("alert rules in %s", files).isNotEmpty();
        return alerts;
    }

    static List<Path> files(String folder, String suffix) throws IOException {
        try (Stream<Path> list = Files.list(DOCKER.resolve(folder))) {
            List<Path> files = list.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
            assertThat(files).as("files *%s in %s", suffix, DOCKER.resolve(folder)).isNotEmpty();
            return files;
        }
    }

    /** Panels at the top level and inside collapsed rows. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            out.add(panel);
            panel.path("panels").forEach(out::add);
        }
        return out;
    }

    /** Metric names of a Prometheus text exposition. */
    static Set<String> names(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int end = line.length();
            for (char stop : new char[] {'{', ' '}) {
                int at = line.indexOf(stop);
                if (at >= 0) end = Math.min(end, at);
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    /** The live machine plus one GPU, so the per-GPU gauges are registered here too. */
    static HardwareProbe withOneGpu(HardwareProbe live) {
        GpuInfo gpu = new GpuInfo(0, "Test GPU", "GPU-test", 24L << 30, 1L << 30, 23L << 30, 5, 40, "test", "13.0");
        return () -> {
            HardwareSnapshot s = live.snapshot();
            return new HardwareSnapshot(s.takenAt(), s.cpu(), s.memory(), List.of(gpu), null);
        };
    }
}
