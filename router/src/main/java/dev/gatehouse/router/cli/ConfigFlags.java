package dev.gatehouse.router.cli;

import dev.gatehouse.router.config.ConfigOverrides;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The file and folder flags shared by every command. */
final class ConfigFlags {

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Folder the manifest's model files are in.")
    Path modelsDir;

    @Option(names = "--manifest", paramLabel = "FILE", description = "The models.yaml manifest.")
    Path manifest;

    @Option(names = "--config", paramLabel = "FILE", description = "The gatehouse.yaml configuration file.")
    Path config;

    ConfigOverrides overrides(Integer port) {
        return new ConfigOverrides(port, modelsDir, manifest, config);
    }
}
