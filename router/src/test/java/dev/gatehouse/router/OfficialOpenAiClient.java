package dev.gatehouse.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The official {@code openai} npm package, installed from the npm registry into {@code target/openai-compat} with
 * the pinned lockfile, and the {@code compat.mjs} script that drives a server with it.
 */
final class OfficialOpenAiClient {

    private static final Path SOURCES = Path.of("src", "test", "js", "openai-compat");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "compat.mjs");
    /** npm's words for "the registry cannot be reached"; any other install failure is a real failure. */
    private static final List<String> OFFLINE_SIGNS = List.of("ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED",
            "ECONNRESET", "ETIMEDOUT", "ENETUNREACH", "EHOSTUNREACH", "network request", "getaddrinfo");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run of {@code compat.mjs} printed; {@code result} is its last stdout line, parsed. */
    record Run(int exitCode, String stdout, String stderr, JsonNode result) {
        String describe() {
            return "compat.mjs exited " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private final Path dir;

    private OfficialOpenAiClient(Path dir) {
        this.dir = dir;
    }

    /**
     * Copies the script and its package files under {@code target/} and runs {@code npm ci} there. Aborts the
     * calling tests (skipped, loudly) when node or npm is missing or the registry cannot be reached; fails them when
     * the install fails for any other reason.
     */
    static OfficialOpenAiClient install() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path dir = module.resolve("target").resolve("openai-compat");
        try {
            Files.createDirectories(dir);
            for (String file : FILES) {
                Files.copy(module.resolve(SOURCES).resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + SOURCES + " to " + dir, e);
        }
        for (String tool : List.of("node", "npm")) {
            Run version = run(dir, List.of(tool, "--version"), Map.of(), 30);
            if (version == null || version.exitCode() != 0) {
                skip(tool + " is not installed or does not run (" + (version == null ? "not on PATH"
                        : version.describe()) + ")");
            }
        }
        Run ci = run(dir, List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", dir.toString()), Map.of(), 300);
        if (ci == null || ci.exitCode() != 0) {
            String output = ci == null ? "npm did not start" : ci.describe();
            if (OFFLINE_SIGNS.stream().anyMatch(output::contains)) {
                skip("npm could not reach the registry to install the openai package:\n" + output);
            }
            Assertions.fail("npm ci of the openai package failed (not for lack of network):\n" + output);
        }
        return new OfficialOpenAiClient(dir);
    }

    private static void skip(String why) {
        String message = "SKIPPED: the official openai client compatibility test cannot run: " + why
                + "\n(the Java HTTP API tests in dev.gatehouse.router.http still cover the server)";
        System.err.println(message);
        Assumptions.abort(message);
    }

    /** Runs {@code node compat.mjs} with {@code env} added to this process's environment. */
    Run compat(Map<String, String> env) {
        Run run = run(dir, List.of("node", "compat.mjs"), env, 180);
        Assertions.assertNotNull(run, "node did not start");
        return run;
    }

    /** Runs a command to completion (killing it after {@code timeoutSeconds}); null when it cannot start. */
    private static Run run(Path dir, List<String> command, Map<String, String> env, long timeoutSeconds) {
        try {
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process;
            try {
                process = builder.start();
            } catch (IOException notFound) {
                return null;
            }
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(err) + (finished ? "" : "\n(killed after " + timeoutSeconds + " s)");
            Files.delete(out);
            Files.delete(err);
            return new Run(finished ? process.exitValue() : -1, stdout, stderr, lastJsonLine(stdout));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode lastJsonLine(String stdout) {
        String[] lines = stdout.strip().split("\n");
        String last = lines[lines.length - 1];
        if (!last.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(last);
        } catch (IOException notJson) {
            return null;
        }
    }
}
