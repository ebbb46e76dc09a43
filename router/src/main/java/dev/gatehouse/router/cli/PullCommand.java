package dev.gatehouse.router.cli;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.natives.download.DeadlineDownloads.Transfer;
import dev.gatehouse.router.config.ConfigReader;
import dev.gatehouse.router.config.GatehouseConfig;
import dev.gatehouse.router.pull.ModelPull;
import dev.gatehouse.router.pull.ProgressBar;
import dev.gatehouse.router.pull.PullException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatehouse pull ID...|--all}: downloads manifest models from their {@code url}, verified by {@code sha256}. */
@Command(name = "pull", description = "Download models from their manifest url, resuming cut-off downloads and "
        + "checking their sha256.")
final class PullCommand implements Callable<Integer> {

    static final class Which {
        @Parameters(paramLabel = "ID", arity = "1..*", description = "Model ids (or aliases) of the manifest.")
        List<String> ids;

        @Option(names = "--all", required = true, description = "Every model of the manifest that has a url.")
        boolean all;
    }

    @ParentCommand
    GatehouseCli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigFlags flags;

    @ArgGroup(multiplicity = "1")
    Which which;

    @Option(names = "--stall-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Give up when nothing arrives for this long (default ${DEFAULT-VALUE}).")
    int stallSeconds;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
            description = "Progress bar on stderr: auto (on a terminal), always, never (default ${DEFAULT-VALUE}).")
    String progress;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatehouseConfig config;
        Manifest manifest;
        try {
            config = ConfigReader.read(flags.overrides(null), cli.env);
            manifest = ManifestReader.read(config.manifest());
        } catch (ConfigException e) {
            ViolationPrinter.print(err, e);
            return 1;
        }
        List<ModelSpec> chosen = new ArrayList<>();
        if (which.all) {
            manifest.models().stream().filter(m -> m.url() != null).forEach(chosen::add);
            if (chosen.isEmpty()) {
                out.println("nothing to pull: no model in " + config.manifest() + " has a url (uncomment one of its "
                        + "examples, or add url: and sha256: to an entry)");
                return 0;
            }
        } else {
            for (String id : which.ids) {
                ModelSpec found = manifest.models().stream().filter(m -> m.answersTo(id)).findFirst().orElse(null);
                if (found == null) {
                    err.println("gatehouse pull: no model '" + id + "' in " + config.manifest() + ", expected one of "
                            + manifest.models().stream().map(ModelSpec::id).toList());
                    return 1;
                }
                chosen.add(found);
            }
        }
        boolean bar = switch (progress) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> System.console() != null && System.console().isTerminal();
            default -> throw new ParameterException(spec.commandLine(),
                    "--progress must be auto, always or never, was '" + progress + "'");
        };
        var timeouts = new ModelPull.Timeouts(ModelPull.Timeouts.DEFAULT.connect(), Duration.ofSeconds(stallSeconds),
                ModelPull.Timeouts.DEFAULT.total());
        int failures = 0;
        for (ModelSpec model : chosen) {
            failures += pull(model, config.modelsDir(), timeouts, bar, out, err) ? 0 : 1;
        }
        return failures == 0 ? 0 : 1;
    }

    private static boolean pull(ModelSpec model, Path modelsDir, ModelPull.Timeouts timeouts, boolean bar,
            PrintWriter out, PrintWriter err) {
        ProgressBar[] shown = {null};
        var pull = new ModelPull(timeouts, url -> {
            if (!bar) {
                return QUIET;
            }
            shown[0] = new ProgressBar(err, model.id());
            return shown[0];
        });
        if (model.builtin() == null && model.url() != null) {
            out.println(model.id() + ": pulling " + model.url());
            out.flush();
        }
        try {
            ModelPull.Pulled pulled = pull.pull(model, modelsDir);
            finish(shown[0]);
            out.println(model.id() + ": " + switch (pulled.result()) {
                case ALREADY_PRESENT -> "already present";
                case DOWNLOADED -> "downloaded";
                case RESUMED -> "downloaded (resumed)";
            } + ", " + pulled.file() + checksum(model, pulled));
            return true;
        } catch (PullException e) {
            finish(shown[0]);
            err.println("gatehouse pull: " + e.getMessage());
            return false;
        }
    }

    private static String checksum(ModelSpec model, ModelPull.Pulled pulled) {
        if (model.sha256() != null) {
            return ", sha256 verified";
        }
        return pulled.sha256() == null ? ", no sha256 in the manifest to check it against"
                : ", sha256 " + pulled.sha256() + " (not declared in the manifest: add sha256: " + pulled.sha256()
                        + " to pin it)";
    }

    private static void finish(ProgressBar bar) {
        if (bar != null) {
            bar.finish();
        }
    }

    private static final Transfer QUIET = new Transfer() {
        @Override
        public void started(long offset, long total) {
        }

        @Override
        public void received(long bytes) {
        }
    };
}
