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
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatehouse models}: what the manifest declares next to what is on disk, from the GGUF headers. */
@Command(name = "models", description = "List the manifest's models and their files on disk.")
final class ModelsCommand implements Callable<Integer> {

    private static final String ROW = "%-16s %-5s %-21s %-16s %-6s %-7s %-10s %-9s %-8s %-6s %s%n";

    @ParentCommand
    GatehouseCli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigFlags flags;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ManifestReport report;
        GatehouseConfig config;
        try {
            config = ConfigReader.read(flags.overrides(null), cli.env);
            Manifest manifest = ManifestReader.read(config.manifest());
            report = ManifestCheck.check(manifest, config.modelsDir());
        } catch (ConfigException e) {
            ViolationPrinter.print(spec.commandLine().getErr(), e);
            return 1;
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(toJson(report)));
            return 0;
        }
        var libraries = ChatEngines.LlamaCppLibraries.installed();
        out.printf(ROW, "ID", "FMT", "ENGINE", "TASKS", "TIER", "DEFAULT", "SIZE", "ARCH", "CONTEXT", "QUANT", "FILE");
        for (ModelFileReport m : report.models()) {
            ModelSpec s = m.spec();
            ModelEngine engine = ModelEngine.of(s, libraries);
            out.printf(ROW, s.id(), lower(s.format()), engine.engine() + "/" + engine.backend(), tasks(s),
                    lower(s.tier()), s.isDefault() ? "yes" : "",
                    !m.present() ? "MISSING" : s.builtin() != null ? "builtin" : size(m.sizeBytes()),
                    m.gguf() == null ? "-" : m.gguf().architecture(),
                    m.gguf() == null ? "-" : Integer.toString(m.gguf().contextLength()),
                    m.gguf() == null ? "-" : m.gguf().quantization(),
                    s.builtin() != null ? "builtin:" + s.builtin() : m.path().toString());
        }
        ViolationPrinter.print(out, "error", report.errors());
        ViolationPrinter.print(out, "warning", report.warnings());
        return 0;
    }

    private static ArrayNode toJson(ManifestReport report) {
        ArrayNode array = new ObjectMapper().createArrayNode();
        var libraries = ChatEngines.LlamaCppLibraries.installed();
        for (ModelFileReport m : report.models()) {
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
