package dev.gatehouse.inference.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How worker processes are started.
 *
 * @param javaCommand  the java launcher (ours by default)
 * @param classPath    the class path, ours by default: workers run from the same jar as the server
 * @param jvmOptions   extra JVM options; the worker's Java heap is small, the model lives in native memory
 * @param socketDir    short directory for Unix sockets (their paths are limited to about 100 bytes)
 * @param logDir       where each worker's stdout/stderr and native library copy go
 * @param startTimeout how long a worker may take to connect
 * @param environment  variables set for the worker on top of ours (e.g. which GPUs it may see)
 */
public record WorkerOptions(Path javaCommand, String classPath, List<String> jvmOptions, Path socketDir, Path logDir,
                            Duration startTimeout, Map<String, String> environment) {
    public WorkerOptions {
        jvmOptions = List.copyOf(jvmOptions);
        environment = Map.copyOf(environment);
    }

    public WorkerOptions(Path javaCommand, String classPath, List<String> jvmOptions, Path socketDir, Path logDir,
                         Duration startTimeout) {
        this(javaCommand, classPath, jvmOptions, socketDir, logDir, startTimeout, Map.of());
    }

    /** The same options with these variables added to the worker's environment. */
    public WorkerOptions withEnvironment(Map<String, String> extra) {
        var merged = new java.util.HashMap<>(environment);
        merged.putAll(extra);
        return new WorkerOptions(javaCommand, classPath, jvmOptions, socketDir, logDir, startTimeout, merged);
    }

    /** Same java and class path as this JVM; sockets in a fresh directory under /tmp, logs under {@code logDir}. */
    public static WorkerOptions sameJvm(Path logDir) {
        try {
            Path sockets = java.nio.file.Files.createTempDirectory("gatehouse-");
            sockets.toFile().deleteOnExit();
            return new WorkerOptions(Path.of(System.getProperty("java.home"), "bin", "java"),
                    System.getProperty("java.class.path"),
                    List.of("-Xmx128m", "-XX:+UseSerialGC"),
                    sockets, logDir, Duration.ofSeconds(60));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a directory for worker sockets", e);
        }
    }
}
