package dev.gatehouse.router.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.natives.ChatEngines;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ManifestCheck;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.manifest.ManifestReport;
import dev.gatehouse.manifest.ModelFileReport;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.router.config.ConfigReader;
import dev.gatehouse.router.config.GatehouseConfig;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.manifest.Violation;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gatehouse models}: what the manifest declares next to what is on disk (from the GGUF headers, checksums on
 * request) and what a server running on the configured port has loaded.
 */
@Command(name = "models", description = "List the manifest's models, their files on disk and what a running server "
        + "has loaded.")
final class ModelsCommand implements Callable<Integer> {

    private static final String ROW = "%-16s %-5s %-21s %-16s %-6s %-7s %-10s %-11s %-9s %-8s %-6s %-14s %s%n";
    private static final String NOT_RUNNING = "not running";

    @ParentCommand
    GatehouseCli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigFlags flags;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--verify", description = "Read every file and compare it with its sha256 in the manifest (slow "
            + "for large models).")
    boolean verify;

    /** The --verify result: one error per file that does not match its sha256. */
    private List<Violation> mismatches = List.of();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ManifestReport report;
        GatehouseConfig config;
        try {
            config = ConfigReader.read(flags.overrides(null), cli.env);
            Manifest manifest = ManifestReader.read(config.manifest());
            report = ManifestCheck.check(manifest, config.modelsDir());
            mismatches = verify ? ManifestCheck.verifyChecksums(manifest, config.modelsDir()) : List.of();
        } catch (ConfigException e) {
            ViolationPrinter.print(spec.commandLine().getErr(), e);
            return 1;
        }
        Optional<RunningServerPool.Pool> pool = RunningServerPool.ask(config.host(), config.port(), cli.env);
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(toJson(report, pool)));
            return 0;
        }
        var libraries = ChatEngines.LlamaCppLibraries.installed();
        out.printf(ROW, "ID", "FMT", "ENGINE", "TASKS", "TIER", "DEFAULT", "SIZE", "LOADED", "ARCH", "CONTEXT", "QUANT",
                "SHA256", "FILE");
        for (int i = 0; i < report.models().size(); i++) {
            ModelFileReport m = report.models().get(i);
            ModelSpec s = m.spec();
            ModelEngine engine = ModelEngine.of(s, libraries);
            out.printf(ROW, s.id(), lower(s.format()), engine.engine() + "/" + engine.backend(), tasks(s),
                    lower(s.tier()), s.isDefault() ? "yes" : "",
                    !m.present() ? "MISSING" : s.builtin() != null ? "builtin" : size(m.sizeBytes()),
                    loaded(s, pool), m.gguf() == null ? "-" : m.gguf().architecture(),
                    m.gguf() == null ? "-" : Integer.toString(m.gguf().contextLength()),
                    m.gguf() == null ? "-" : m.gguf().quantization(),
                    checksumCell(s, checksum(i, m)),
                    s.builtin() != null ? "builtin:" + s.builtin() : m.path().toString());
        }
        out.println(pool.map(p -> p.keyRefused() ? "server " + p.base() + ": running, but its /v1/pool needs an "
                        + "admin key (set GATEHOUSE_API_KEY)" : "server " + p.base() + ": running, " + p.models().values().stream()
                        .filter(n -> n.path("state").asText().equals("ready")).count() + " of " + p.models().size()
                        + " models loaded")
                .orElse("server on port " + config.port() + ": " + NOT_RUNNING));
        ViolationPrinter.print(out, "error", report.errors());
        ViolationPrinter.print(out, "error", mismatches);
        ViolationPrinter.print(out, "warning", report.warnings());
        return mismatches.isEmpty() ? 0 : 1; // a failed --verify fails scripts; missing files stay a listed error
    }

    /** ok, mismatch, unverified (a checksum is declared but --verify was not given), or null when none applies. */
    private String checksum(int index, ModelFileReport m) {
        if (m.spec().sha256() == null || m.spec().builtin() != null || !m.present()) {
            return null;
        }
        if (!verify) {
            return "unverified";
        }
        String key = "models[" + index + "].sha256";
        return mismatches.stream().anyMatch(v -> v.key().equals(key)) ? "mismatch" : "ok";
    }

    private static String checksumCell(ModelSpec s, String checksum) {
        if (s.sha256() == null) {
            return "-";
        }
        String prefix = s.sha256().substring(0, 10);
        return checksum == null || checksum.equals("unverified") ? prefix : checksum.equals("ok") ? prefix + " ok"
                : "MISMATCH";
    }

    private static String loaded(ModelSpec s, Optional<RunningServerPool.Pool> pool) {
        if (pool.isEmpty()) {
            return NOT_RUNNING;
        }
        if (pool.get().keyRefused()) {
            return "key needed";
        }
        JsonNode entry = pool.get().models().get(s.id());
        return entry == null ? "-" : entry.path("state").asText("-");
    }

    private ArrayNode toJson(ManifestReport report, Optional<RunningServerPool.Pool> pool) {
        ArrayNode array = new ObjectMapper().createArrayNode();
        var libraries = ChatEngines.LlamaCppLibraries.installed();
        for (int i = 0; i < report.models().size(); i++) {
            ModelFileReport m = report.models().get(i);
            ModelSpec s = m.spec();
            ObjectNode node = array.addObject();
            ModelEngine engine = ModelEngine.of(s, libraries);
            node.put("id", s.id());
            node.put("engine", engine.engine());
            node.put("backend", engine.backend());
            node.put("engineVersion", engine.version());
            node.putPOJO("aliases", s.aliases());
            node.put("format", lower(s.format()));
            node.putPOJO("tasks", List.of(tasks(s).split(",")));
            node.put("tier", lower(s.tier()));
            node.put("default", s.isDefault());
            node.put("file", m.path() == null ? null : m.path().toString());
            node.put("builtin", s.builtin());
            node.put("present", m.present());
            node.put("sizeBytes", m.sizeBytes());
            node.put("url", s.url() == null ? null : s.url().toString());
            node.put("sha256", s.sha256());
            node.put("checksum", checksum(i, m));
            node.put("loaded", loaded(s, pool));
            if (m.gguf() != null) {
                node.put("architecture", m.gguf().architecture());
                node.put("trainedContext", m.gguf().contextLength());
                node.put("quantization", m.gguf().quantization());
            }
        }
        return array;
    }

    private static String tasks(ModelSpec s) {
        return String.join(",", s.tasks().stream().map(ModelsCommand::lower).sorted().toList());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String size(long bytes) {
        if (bytes >= 1 << 30) return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1 << 30));
        if (bytes >= 1 << 20) return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
        if (bytes >= 1 << 10) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        return bytes + " B";
    }
}
