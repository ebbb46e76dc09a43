package dev.gatehouse.router.bench;

import dev.gatehouse.router.features.MiniLmEmbedder;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse bench-gateway}: the same chat requests sent directly to a local OpenAI-compatible upstream, through
 * a real Gatehouse server as users run it (the shipped policy with one approved provider, MiniLM on) and, when Node is
 * present, through Portkey's gateway from npm, all in one run, alternating in rounds. Two requests: a short one pinned
 * to the provider, and a 512-token one as {@code model: auto} (the decision reads its embedding); then the decision
 * alone ({@code /v1/route}) for that prompt, repeated and always new. Writes the {@code gateway} section of
 * {@code docs/BENCHMARKS.md}.
 */
@Command(name = "bench-gateway", description = "Gateway overhead: requests directly to a local upstream, through Gatehouse and through Portkey; writes docs/BENCHMARKS.md.")
public final class GatewayBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--clients", split = ",", description = "Concurrent clients, one run each (default ${DEFAULT-VALUE}).", defaultValue = "1,16")
    List<Integer> clients;

    @Option(names = "--peer", split = ",", description = "Peers to compare: portkey, none (default ${DEFAULT-VALUE}; skipped with a note when Node is missing).", defaultValue = "portkey")
    List<String> peers;

    @Option(names = "--policy", description = "Policy to run (default ./policy.yaml when present, else the built-in one).")
    Path policy;

    @Option(names = "--seconds", description = "Seconds per path per round (default ${DEFAULT-VALUE}).", defaultValue = "5")
    int seconds;

    @Option(names = "--rounds", description = "Rounds; each runs every path, in rotating order (default ${DEFAULT-VALUE}).", defaultValue = "3")
    int rounds;

    @Option(names = "--peer-cache", description = "Where npm installs the peers (default ${DEFAULT-VALUE}).", defaultValue = "${sys:user.home}/.cache/gatehouse/peers")
    Path peerCache;

    @Option(names = "--gatehouse", description = "How Gatehouse runs: serve (./gatehouse serve in its own process, the"
            + " shipped gatehouse.yaml: what users run) or in-process (in the bench's JVM, no decision log or audit;"
            + " gives Gatehouse's allocation per request). Default ${DEFAULT-VALUE}.", defaultValue = "serve")
    String gatehouseMode;

    @Option(names = "--launcher", description = "The launcher serve runs through (default ${DEFAULT-VALUE}).", defaultValue = "./gatehouse")
    Path launcher;

    @Option(names = "--config", description = "gatehouse.yaml for serve (default ./gatehouse.yaml when present, else the built-in defaults).")
    Path config;

    /** What {@code --requests} names, in the order measured. */
    private static final List<String> REQUESTS = List.of("pinned", "auto", "route");

    @Option(names = "--requests", split = ",", description = "Which requests to measure: pinned (the short chat request"
            + " pinned to the provider), auto (the 512-token prompt as model: auto), route (the decision alone, POST"
            + " /v1/route). Default ${DEFAULT-VALUE}.", defaultValue = "pinned,auto,route")
    List<String> requests;

    @Option(names = "--versus-config", description = "A second gatehouse.yaml: a second serve process, measured as one"
            + " more path in the same rounds (what a setting costs, side by side with the first).")
    Path versusConfig;

    @Option(names = "--versus-launcher", description = "The launcher of the second serve process (default: --launcher);"
            + " with it alone, the second process runs the first's config through another launcher (JVM flags).")
    Path versusLauncher;

    @Option(names = "--out", description = "Markdown file to write the section into (default ${DEFAULT-VALUE}).", defaultValue = "docs/BENCHMARKS.md")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        Path policyFile = policy != null ? policy : Files.exists(Path.of("policy.yaml")) ? Path.of("policy.yaml") : null;
        boolean portkey = peers.contains("portkey");
        String peerNote = null;
        if (portkey && !PortkeyPeer.nodeAvailable()) {
            portkey = false;
            peerNote = "Portkey not measured: node and npm are not on the PATH.";
            log.println(peerNote);
        }
        boolean inProcess = switch (gatehouseMode) {
            case "serve" -> false;
            case "in-process" -> true;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--gatehouse must be serve or in-process, not " + gatehouseMode);
        };
        if (inProcess && (versusConfig != null || versusLauncher != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--versus-config and --versus-launcher compare serve processes; --gatehouse in-process has none");
        }
        for (String r : requests) {
            if (!REQUESTS.contains(r)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--requests takes pinned, auto and route, not " + r);
            }
        }
        Path configFile = config != null ? config : Files.exists(Path.of("gatehouse.yaml")) ? Path.of("gatehouse.yaml") : null;
        try (GatewayUpstream upstream = GatewayUpstream.start();
             MiniLmEmbedder embedder = inProcess ? MiniLmEmbedder.open() : null;
             RealGateway inJvm = inProcess ? RealGateway.start(ShippedPolicy.withBenchProvider(policyFile,
                     upstream.baseUrl()), ShippedPolicy.describe(policyFile), embedder) : null;
             ServeProcess serve = inProcess ? null : ServeProcess.start(launcher, configFile, Path.of(""),
                     ShippedPolicy.yamlWithBenchProvider(policyFile, upstream.baseUrl()));
             ServeProcess versus = inProcess || (versusConfig == null && versusLauncher == null) ? null
                     : ServeProcess.start(versusLauncher != null ? versusLauncher : launcher,
                             versusConfig != null ? versusConfig : configFile, Path.of(""),
                             ShippedPolicy.yamlWithBenchProvider(policyFile, upstream.baseUrl()));
             PortkeyPeer peer = portkey ? PortkeyPeer.start(peerCache, log) : null) {
            URI gatehouse = inProcess ? inJvm.baseUrl() : serve.baseUrl();
            ProcessHandle gatehouseProcess = inProcess ? null : serve.handle();
            if (serve != null) log.println("gatehouse serve running in " + serve.directory());
            List<GatewayLoad.Endpoint> paths = new ArrayList<>();
            paths.add(new GatewayLoad.Endpoint("direct", chat(upstream.baseUrl()), Map.of()));
            paths.add(new GatewayLoad.Endpoint("through Gatehouse", chat(gatehouse), Map.of(), gatehouseProcess));
            if (versus != null) {
                paths.add(new GatewayLoad.Endpoint("through Gatehouse (" + versusName() + ")", chat(versus.baseUrl()),
                        Map.of(), versus.handle()));
            }
            if (peer != null) paths.add(peer.endpoint(upstream.baseUrl()));
            var report = new GatewayReport(commandLine(), ShippedPolicy.describe(policyFile), peerNote, inProcess);
            for (var path : paths) if (path.process() != null) report.ownProcess(path.name());
            var scenarios = Stream.of(
                    new GatewayReport.Scenario("pinned", "a short chat request pinned to the provider (`bench/bench-model`)",
                            BenchRequests.PINNED),
                    new GatewayReport.Scenario("auto", "`model: auto` with a 512-token prompt (the decision reads its "
                            + "MiniLM embedding; the same prompt each time)", BenchRequests.auto512(-1)))
                    .filter(s -> requests.contains(s.name())).toList();
            warmUp(paths, scenarios, log);
            for (var scenario : scenarios) {
                for (int c : clients) {
                    report.add(scenario, c, paths.stream().map(GatewayLoad.Endpoint::name).toList(),
                            measure(paths, scenario, c, log));
                }
            }
            if (requests.contains("route")) report.decision(decisions(gatehouse, gatehouseProcess, log));
            report.writeInto(out);
            log.println("wrote " + out.toAbsolutePath());
        }
        return 0;
    }

    /** The decision alone, {@code POST /v1/route}, one client: pinned, a repeated prompt, new prompts. */
    private List<GatewayReport.DecisionRow> decisions(URI gatehouse, ProcessHandle gatehouseProcess, PrintWriter log)
            throws InterruptedException {
        URI route = URI.create(gatehouse + "/route");
        var routeEndpoint = new GatewayLoad.Endpoint("decision", route, Map.of(), gatehouseProcess);
        GatewayLoad.run(routeEndpoint, BenchRequests.auto512(-1), 1, Duration.ofSeconds(2));
        GatewayLoad.run(routeEndpoint, BenchRequests.PINNED, 1, Duration.ofSeconds(2));
        var pinned = GatewayLoad.run(routeEndpoint, BenchRequests.PINNED, 1, Duration.ofSeconds(seconds * rounds));
        var repeated = GatewayLoad.run(routeEndpoint, BenchRequests.auto512(-1), 1, Duration.ofSeconds(seconds * rounds));
        var fresh = GatewayLoad.run(routeEndpoint, BenchRequests::auto512, 1, Duration.ofSeconds(seconds * rounds));
        var newEnding = GatewayLoad.run(routeEndpoint, BenchRequests::auto512NewEnding, 1,
                Duration.ofSeconds(seconds * rounds));
        var decisions = List.of(
                new GatewayReport.DecisionRow("the pinned chat request (the server and the decision, without "
                        + "the provider hop)", pinned),
                new GatewayReport.DecisionRow("`model: auto`, the same 512-token prompt each time (embedding "
                        + "from the cache)", repeated),
                new GatewayReport.DecisionRow("`model: auto`, a new 512-token prompt each time (MiniLM runs)", fresh),
                new GatewayReport.DecisionRow("`model: auto`, a new 512-token prompt each time that differs only "
                        + "past its first 128 word pieces (the embedding from the window cache)", newEnding));
        for (var row : decisions) {
            log.printf(Locale.ROOT, "/v1/route, %s: p50 %.3f p99 %.3f ms %.0f CPU µs/req%n", row.what(),
                    row.result().medianMillis(), row.result().p99Millis(), row.result().cpuMicrosPerRequest());
        }
        return decisions;
    }

    /**
     * Every path with every request, at the most clients, before anything is measured, until the path is warm: the
     * JIT compiles the whole request path here (a first scenario measured cold paid for it: through Gatehouse, at one
     * client, its p50 was 5 times the same request's warm one, and that was the first row of the table). A path is
     * warm when two {@value #WARM_WINDOW_SECONDS} s windows in a row agree within {@value #WARM_CHANGE_PERCENT}% on
     * the median and on the CPU spent per request, and the JIT compilers were quiet over the last
     * {@value #QUIET_WINDOWS} windows ({@link #window}).
     * The median alone settled while C2 was still compiling the serve process in the background: CPU per request went
     * on falling from 1.2 to 0.8 ms for another 15 s, and while it did, the compiler threads took the two cores from
     * requests often enough to make the one-client p99 4.0–4.6 ms instead of 1.3–1.8 ms (`--rounds 8`, rounds 1–3
     * against 4–8). The CPU per request settling was not enough either: C2 still compiled for a minute more, off and
     * on, through the first measured rounds (read from {@code /proc}, 2026-12-07).
     */
    private void warmUp(List<GatewayLoad.Endpoint> paths, List<GatewayReport.Scenario> scenarios, PrintWriter log)
            throws InterruptedException {
        int most = clients.stream().mapToInt(Integer::intValue).max().orElse(1);
        for (var scenario : scenarios) {
            for (var path : paths) {
                GatewayLoad.Result before = null;
                int windows = 0;
                int quiet = 0;
                while (windows < WARM_MAX_WINDOWS) {
                    var window = window(path, scenario.body(), most);
                    windows++;
                    quiet = window.compilersQuiet() ? quiet + 1 : 0;
                    if (before != null && settled(before.medianMillis(), window.result().medianMillis())
                            && settled(before.cpuMicrosPerRequest(), window.result().cpuMicrosPerRequest())
                            && quiet >= QUIET_WINDOWS) break;
                    before = window.result();
                }
                log.printf(Locale.ROOT, "warmed up: %s, %s, %d clients, %d s%s%n", scenario.name(), path.name(), most,
                        windows * WARM_WINDOW_SECONDS, windows == WARM_MAX_WINDOWS ? " (the most; still changing)" : "");
                log.flush();
            }
        }
    }

    /** One warm-up window, and whether the JIT compilers of the path's JVMs were quiet over it. */
    private record Window(GatewayLoad.Result result, boolean compilersQuiet) {}

    /**
     * A window of {@value #WARM_WINDOW_SECONDS} s on the path. Its compilers (the bench JVM's and the gateway process's)
     * count as quiet when they used at most {@value #QUIET_COMPILER_PERCENT}% of one core over it; where their time
     * cannot be read (no {@code /proc}) they count as quiet and the other criteria decide.
     */
    private static Window window(GatewayLoad.Endpoint path, String body, int clients) throws InterruptedException {
        var before = CompilerTime.now(path);
        var result = GatewayLoad.run(path, body, clients, Duration.ofSeconds(WARM_WINDOW_SECONDS));
        OptionalLong used = CompilerTime.now(path).since(before);
        if (used.isEmpty()) return new Window(result, true);
        // below zero: a compiler thread ended, so it was not idle
        return new Window(result, used.getAsLong() >= 0 && used.getAsLong()
                <= Duration.ofSeconds(WARM_WINDOW_SECONDS).toNanos() * QUIET_COMPILER_PERCENT / 100);
    }

    /** The JIT compilers' CPU so far in the bench's JVM and in the path's gateway process (0 for none). */
    private record CompilerTime(OptionalLong bench, OptionalLong gateway) {
        static CompilerTime now(GatewayLoad.Endpoint path) {
            return new CompilerTime(JitCompilerCpu.nanos(Stream.of(ProcessHandle.current())),
                    JitCompilerCpu.nanos(Stream.ofNullable(path.process())));
        }

        /** Both JVMs' compiler time since {@code before}; empty where it cannot be read. */
        OptionalLong since(CompilerTime before) {
            if (unread() || before.unread()) return OptionalLong.empty();
            return OptionalLong.of(bench.getAsLong() - before.bench.getAsLong()
                    + gateway.getAsLong() - before.gateway.getAsLong());
        }

        /** For a round's log line: the two apart, in milliseconds. */
        String describeSince(CompilerTime before) {
            if (unread() || before.unread()) return "";
            return " JIT ms: bench " + (bench.getAsLong() - before.bench.getAsLong()) / 1_000_000 + ", gateway "
                    + (gateway.getAsLong() - before.gateway.getAsLong()) / 1_000_000;
        }

        private boolean unread() {
            return bench.isEmpty() || gateway.isEmpty();
        }
    }

    private static boolean settled(double before, double now) {
        return Math.abs(now - before) <= before * WARM_CHANGE_PERCENT / 100;
    }

    private static final int WARM_WINDOW_SECONDS = 2;
    private static final int WARM_MAX_WINDOWS = 45;
    private static final int WARM_CHANGE_PERCENT = 5;
    private static final int QUIET_COMPILER_PERCENT = 5;
    /**
     * Quiet windows in a row that count as warm: C2 works through the request path's methods innermost first, and
     * between two of those compilations (each 0.1–0.5 s of CPU) a single 2 s window could be quiet.
     */
    private static final int QUIET_WINDOWS = 3;

    private List<GatewayLoad.Result> measure(List<GatewayLoad.Endpoint> paths, GatewayReport.Scenario scenario,
            int clients, PrintWriter log) throws InterruptedException {
        for (var path : paths) { // connections; and a new request or client count can set the JIT compiling again
            int windows = 0;
            int quiet = 0;
            while (quiet < QUIET_WINDOWS && windows < WARM_MAX_WINDOWS) {
                quiet = window(path, scenario.body(), clients).compilersQuiet() ? quiet + 1 : 0;
                windows++;
            }
            if (windows > QUIET_WINDOWS) {
                log.printf(Locale.ROOT, "%s clients %d %s: compilers quiet after %d s%n", scenario.name(), clients,
                        path.name(), windows * WARM_WINDOW_SECONDS);
            }
        }
        List<List<GatewayLoad.Result>> perPath = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) perPath.add(new ArrayList<>());
        for (int round = 0; round < rounds; round++) {
            for (int leg = 0; leg < paths.size(); leg++) {
                int p = (leg + round) % paths.size(); // each path goes first in some round
                var compiledBefore = CompilerTime.now(paths.get(p));
                var result = GatewayLoad.run(paths.get(p), scenario.body(), clients, Duration.ofSeconds(seconds));
                String compiled = CompilerTime.now(paths.get(p)).describeSince(compiledBefore);
                perPath.get(p).add(result);
                log.printf(Locale.ROOT, "%s clients %d round %d %-22s median %.3f ms p99 %.3f ms %.0f req/s "
                        + "%.0f CPU µs/req %.1f KB/req%s%s%n", scenario.name(), clients, round + 1, paths.get(p).name(),
                        result.medianMillis(), result.p99Millis(), result.requestsPerSecond(),
                        result.cpuMicrosPerRequest(), result.allocatedKilobytesPerRequest(),
                        compiled,
                        result.errors() == 0 ? "" : " (" + result.errors() + " errors)");
                log.flush();
            }
        }
        List<GatewayLoad.Result> merged = new ArrayList<>();
        for (int p = 0; p < paths.size(); p++) merged.add(GatewayReport.merge(perPath.get(p)));
        return merged.stream().toList();
    }

    private String versusName() {
        return versusConfig != null ? versusConfig.getFileName().toString() : versusLauncher.getFileName().toString();
    }

    private String commandLine() {
        return "./gatehouse bench-gateway --clients " + clients.stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(",")) + " --peer " + String.join(",", peers)
                + " --seconds " + seconds + " --rounds " + rounds
                + (requests.equals(REQUESTS) ? "" : " --requests " + String.join(",", requests))
                + (policy == null ? "" : " --policy " + policy)
                + (versusConfig == null ? "" : " --versus-config " + versusConfig)
                + (versusLauncher == null ? "" : " --versus-launcher " + versusLauncher)
                + ("serve".equals(gatehouseMode) ? "" : " --gatehouse " + gatehouseMode);
    }

    private static URI chat(URI base) {
        return URI.create(base + "/chat/completions");
    }
}
