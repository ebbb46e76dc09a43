package dev.gatehouse.router.config;

import java.nio.file.Path;

/**
 * What the command line says; null means "not given". Highest precedence.
 *
 * @param configFile the gatehouse.yaml to read instead of the default
 */
public record ConfigOverrides(Integer port, Path modelsDir, Path manifest, Path configFile) {

    public static ConfigOverrides none() {
        return new ConfigOverrides(null, null, null, null);
    }
}
