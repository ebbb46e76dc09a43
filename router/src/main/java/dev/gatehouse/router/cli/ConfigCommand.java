package dev.gatehouse.router.cli;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ManifestCheck;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.manifest.ManifestReport;
import dev.gatehouse.router.config.ConfigReader;
import dev.gatehouse.router.config.GatehouseConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatehouse config validate}: every violation and warning of gatehouse.yaml and models.yaml. */
@Command(name = "config", description = "Work with the configuration.", subcommands = ConfigCommand.Validate.class)
final class ConfigCommand implements Runnable {

    @ParentCommand
    GatehouseCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: validate");
    }

    @Command(name = "validate", description = "Check gatehouse.yaml, the manifest and the model files; "
            + "exit 0 when valid, 1 when not.")
    static final class Validate implements Callable<Integer> {

        @ParentCommand
        ConfigCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        ConfigFlags flags;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            var env = parent.cli.env;
            boolean valid = true;
            Path manifestPath;
            Path modelsDir;
            Path configFile = ConfigReader.configFile(flags.overrides(null), env);
            try {
                GatehouseConfig config = ConfigReader.read(flags.overrides(null), env);
                out.println((configFile == null ? "configuration (defaults)" : configFile) + ": ok");
                manifestPath = config.manifest();
                modelsDir = config.modelsDir();
            } catch (ConfigException e) {
                ViolationPrinter.print(out, e);
                valid = false;
                // still check the manifest the flags or environment point at, so one run shows everything
                manifestPath = firstOf(flags.manifest, env.get(ConfigReader.ENV_MANIFEST),
                        GatehouseConfig.DEFAULT_MANIFEST);
                modelsDir = firstOf(flags.modelsDir, env.get(ConfigReader.ENV_MODELS_DIR),
                        GatehouseConfig.DEFAULT_MODELS_DIR);
            }
            try {
                Manifest manifest = ManifestReader.read(manifestPath);
                ManifestReport report = ManifestCheck.check(manifest, modelsDir);
                if (report.errors().isEmpty() && report.warnings().isEmpty()) {
                    out.println(manifestPath + ": ok (" + manifest.models().size() + " models, files in "
                            + modelsDir + ")");
                } else {
                    out.println(manifestPath + " (files in " + modelsDir + "):");
                    ViolationPrinter.print(out, "error", report.errors());
                    ViolationPrinter.print(out, "warning", report.warnings());
                }
                valid &= report.ok();
            } catch (ConfigException e) {
                ViolationPrinter.print(out, e);
                valid = false;
            }
            out.println(valid ? "valid" : "invalid");
            return valid ? 0 : 1;
        }

        private static Path firstOf(Path flag, String env, Path fallback) {
            return flag != null ? flag : env != null && !env.isBlank() ? Path.of(env) : fallback;
        }
    }
}
