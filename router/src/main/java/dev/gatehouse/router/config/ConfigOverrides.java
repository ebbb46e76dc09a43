package dev.gatehouse.router.config;

import java.nio.file.Path;

/**
 * What the command line says; null means "not given". Highest precedence.
 *
 * @param configFile the gatehouse.yaml to read instead of the default
 * @param keys       the API keys file ({@code serve --keys})
 */
public record ConfigOverrides(Integer port, Path modelsDir, Path manifest, Path configFile, Path keys) {

    public ConfigOverrides(Integer port, Path modelsDir, Path manifest, Path configFile) {
        this(port, modelsDir, manifest, configFile, null);
    }

    public static ConfigOverrides none() {
        return new ConfigOverrides(null, null, null, null);
    }

    public ConfigOverrides withKeys(Path keysFile) {
        return new ConfigOverrides(port, modelsDir, manifest, configFile, keysFile);
    }
}
