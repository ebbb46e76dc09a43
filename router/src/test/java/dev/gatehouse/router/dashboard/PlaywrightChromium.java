package dev.gatehouse.router.dashboard;

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
 * Debian's Chromium driven by {@code playwright-core} from npm (installed with the pinned lockfile into
 * {@code target/dashboard-browser}; never a browser download of its own), and the {@code dashboard.mjs} script that
 * drives it. Without Chromium, node or the npm registry the calling test is skipped, loudly; under CI ({@code CI=true},
 * where {@code .ci/run} installs Chromium) it fails instead.
 */
final class PlaywrightChromium {

    private static final Path SOURCES = Path.of("src", "test", "js", "dashboard");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "dashboard.mjs");
    private static final List<Path> CHROMIUM = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));
    /** npm's words for "the registry cannot be reached"; any other install failure is a real failure. */
    private static final List<String> OFFLINE_SIGNS = List.of("ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED",
            "ECONNRESET", "ETIMEDOUT", "ENETUNREACH", "EHOSTUNREACH", "network request", "getaddrinfo");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run of {@code dashboard.mjs} printed; {@code result} is its last stdout line, parsed. */
    record Run(int exitCode, String stdout, String stderr, JsonNode result) {
        String describe() {
            return "dashboard.mjs exited " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    final Path dir;
    final Path chromium;

    private PlaywrightChromium(Path dir, Path chromium) {
        this.dir = dir;
        this.chromium = chromium;
    }

    /** The module's {@code target/} folder, where the screenshot goes too. */
    static Path target() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target");
    }

    static PlaywrightChromium install() {
        Path chromium = chromium();
        Path module = target().getParent();
        Path dir = target().resolve("dashboard-browser");
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
                unavailable(tool + " is not installed or does not run (" + (version == null ? "not on PATH"
                        : version.describe()) + ")");
            }
        }
        Run ci = run(dir, List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", dir.toString()), Map.of(), 300);
        if (ci == null || ci.exitCode() != 0) {
            String output = ci == null ? "npm did not start" : ci.describe();
            if (OFFLINE_SIGNS.stream().anyMatch(output::contains)) {
                unavailable("npm could not reach the registry to install playwright-core:\n" + output);
            }
            Assertions.fail("npm ci of playwright-core failed (not for lack of network):\n" + output);
        }
        return new PlaywrightChromium(dir, chromium);
    }

    private static Path chromium() {
        String named = System.getenv("GATEHOUSE_CHROMIUM");
        List<Path> candidates = named == null || named.isBlank() ? CHROMIUM : List.of(Path.of(named));
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) return candidate;
        }
        unavailable("Chromium is not installed (looked for " + candidates + "; apt-get install -y chromium, "
                + "or GATEHOUSE_CHROMIUM=/path/to/chromium)");
        throw new AssertionError("unreachable");
    }

    private static void unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("the dashboard browser test must run in CI (.ci/run installs Chromium), but: " + why);
        }
        String message = "SKIPPED: the dashboard browser test cannot run: " + why
                + "\n(DashboardEndpointTest still checks the page, the snapshot and the event stream over HTTP)";
        System.err.println(message);
        Assumptions.abort(message);
    }

    /** Runs {@code node dashboard.mjs} with {@code env} added to this process's environment. */
    Run dashboard(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("GATEHOUSE_CHROMIUM", chromium.toString());
        Run run = run(dir, List.of("node", "dashboard.mjs"), all, 180);
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
        if (!last.startsWith("{")) return null;
        try {
            return JSON.readTree(last);
        } catch (IOException notJson) {
            return null;
        }
    }
}
