package dev.gatehouse.router.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gatehouse as users run it: {@code ./gatehouse serve}, the launcher's own JVM and flags, in a process of its own,
 * with the shipped {@code gatehouse.yaml} (decision log and audit trail on, hardware sampling) and the bench's policy.
 * Only what a bench must change is changed: a free port, and the decision log and audit in a scratch directory. Its CPU is
 * counted like Portkey's, for the whole process (JIT compiler and GC included).
 */
final class ServeProcess implements AutoCloseable {
    private static final Duration START_DEADLINE = Duration.ofSeconds(120);
    private static final Pattern LISTENING = Pattern.compile("Gatehouse listening on http://[^:\\s]+:(\\d+)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Process process;
    private final int port;
    private final Path dir;

    private ServeProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * @param launcher   the {@code gatehouse} launcher script
     * @param config     the shipped {@code gatehouse.yaml}, or null for the built-in defaults
     * @param root       the directory its relative paths mean (the project root, where the launcher runs serve)
     * @param policyYaml the policy to serve
     */
    static ServeProcess start(Path launcher, Path config, Path root, String policyYaml)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(launcher)) {
            throw new IOException("no launcher at " + launcher.toAbsolutePath() + ": run the bench from the project root"
                    + " (./gatehouse bench-gateway) or pass --launcher");
        }
        Path dir = Files.createTempDirectory("gatehouse-bench-serve");
        Path policy = Files.writeString(dir.resolve("policy.yaml"), policyYaml);
        Path configFile = writeScratchConfig(config, root, dir);
        Path log = dir.resolve("serve.log");
        var builder = new ProcessBuilder(List.of(launcher.toString(), "serve", "--config", configFile.toString(),
                "--policy", policy.toString())).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(ShippedPolicy.KEY_ENV, "bench-key");
        Process process = builder.start();
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (true) {
            Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) return new ServeProcess(process, Integer.parseInt(m.group(1)), dir);
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("gatehouse serve did not start within " + START_DEADLINE
                        + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")") + "; see " + log);
            }
            Thread.sleep(100); // the process writes its port to a file; no event to wait on
        }
    }

    /**
     * The config as serve reads it from the scratch directory: relative paths made absolute against the root, a free
     * loopback port, and the decision log (with the audit beside it) in the scratch directory; every other setting,
     * the decision log's own included ({@code enabled}, {@code maxBytes}), as the file says.
     */
    static Path writeScratchConfig(Path config, Path root, Path dir) throws IOException {
        ObjectNode tree = config == null ? YAML.createObjectNode() : (ObjectNode) YAML.readTree(config.toFile());
        root = root.toAbsolutePath();
        tree.put("manifest", root.resolve(tree.path("manifest").asText("models.yaml")).toString());
        tree.put("modelsDir", root.resolve(tree.path("modelsDir").asText("models")).toString());
        tree.put("port", 0).put("host", "127.0.0.1");
        tree.withObjectProperty("decisionLog").put("dir", dir.resolve("logs").toString());
        Path configFile = dir.resolve("gatehouse.yaml");
        YAML.writeValue(configFile.toFile(), tree);
        return configFile;
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port + "/v1");
    }

    /** The java process itself: the launcher execs it. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    Path directory() {
        return dir;
    }

    /**
     * Stops serve, then deletes its scratch directory: a bench writes a decision log line and an audit entry per
     * request, hundreds of megabytes a run, and every run left them behind in the temp folder (96 runs held 27 GB).
     * A serve that failed to start keeps its directory: the error names its log.
     */
    @Override
    public void close() throws IOException {
        ChildProcessStop.stop(process, Duration.ofSeconds(10)); // serve's shutdown hook stops its model workers
        deleteTree(dir);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
