package dev.gatehouse.router.cli;

import dev.gatehouse.hardware.OshiHardwareProbe;
import dev.gatehouse.hardware.SampledHardwareProbe;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.inference.placement.PlacementPolicy;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.router.access.AccessGate;
import dev.gatehouse.router.access.AccessSettings;
import dev.gatehouse.router.access.KeysFile;
import dev.gatehouse.router.access.TenantPolicy;
import dev.gatehouse.router.audit.AuditTrail;
import dev.gatehouse.router.capacity.PlannedModels;
import dev.gatehouse.router.config.ConfigReader;
import dev.gatehouse.router.config.GatehouseConfig;
import dev.gatehouse.router.decisionlog.DecisionLog;
import dev.gatehouse.router.decisionlog.LogKey;
import dev.gatehouse.router.features.MiniLmEmbedder;
import dev.gatehouse.router.http.Components;
import dev.gatehouse.router.http.GatehouseServer;
import dev.gatehouse.router.reload.ConfigReload;
import dev.gatehouse.router.reload.ConfigWatch;
import dev.gatehouse.router.reload.HangupReload;
import dev.gatehouse.router.rollout.Trial;
import dev.gatehouse.router.rollout.TrialReader;
import dev.gatehouse.router.reload.ReloadEndpoint;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.routing.RequestRouter;
import dev.gatehouse.router.routing.RouterSetup;
import io.helidon.webserver.WebServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatehouse serve}: validate configuration, start the HTTP server, then load the default models. */
@Command(name = "serve", description = "Start the OpenAI-compatible server.")
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    GatehouseCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "TCP port (0 picks a free one).")
    Integer port;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Routing policy (default: the config's policy key, else ./policy.yaml, else built in).")
    Path policyFile;

    @Option(names = "--keys", paramLabel = "FILE",
            description = "API keys file (gatehouse keys add); every request then needs Authorization: Bearer KEY.")
    Path keysFile;

    @Option(names = "--watch-config", description = "Reload the manifest, the policy and the keys file when one "
            + "changes on disk (the same validated reload as SIGHUP and POST /v1/admin/reload).")
    boolean watchConfig;

    @Mixin
    ConfigFlags flags;

    /** Released to stop a running server (tests); the shutdown hook does the same on Ctrl-C. */
    final CountDownLatch stop = new CountDownLatch(1);
    volatile WebServer server;
    private volatile SampledHardwareProbe hardware;
    private volatile AuditTrail audit;
    private volatile HangupReload hangup;
    private volatile ConfigWatch watch;
    private final AtomicBoolean stopped = new AtomicBoolean();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatehouseConfig config;
        Manifest manifest;
        Policy policy;
        Path policyPath;
        KeysFile keys;
        AccessSettings.Exposure exposure;
        try {
            config = ConfigReader.read(flags.overrides(port).withKeys(keysFile), cli.env);
            manifest = ManifestReader.read(config.manifest());
            PolicyChoice choice = PolicyChoice.of(policyFile, config.policy(), Path.of(""));
            policyPath = choice.path();
            policy = choice.fitTo(choice.read(cli.env), manifest, config.manifest(), err);
            exposure = config.access().exposure();
            keys = exposure == AccessSettings.Exposure.KEYS ? KeysFile.read(config.access().keys()) : KeysFile.empty();
            policy = TenantPolicy.join(policy, keys, String.valueOf(config.access().keys()));
            audit = config.auditLog() == null ? null : AuditTrail.open(config.auditLog(), Clock.systemUTC());
        } catch (ConfigException e) {
            ViolationPrinter.print(err, e);
            return 1;
        }
        var limits = config.limits();
        hardware = SampledHardwareProbe.start(OshiHardwareProbe.live(), config.hardware().sampleInterval());
        PlacementPolicy placement = PlacementPolicy.defaults(limits.defaultSlots(), limits.defaultContext())
                .withGpuReserve(limits.gpuReserve());
        ModelPool pool = new ModelPool(manifest, new PoolSettings(limits.defaultSlots(), limits.maxQueue(),
                limits.queueWait(), limits.defaultContext(), limits.keepAlive(), placement),
                cli.loaderFactory.apply(config.modelsDir()),
                hardware, Clock.systemUTC(), new PlannedModels(config.modelsDir())::orUnknown);
        RequestRouter router;
        try {
            router = router(config, policy, policyPath, pool, err).withAudit(audit);
            router.startTrial(trial(policyPath, router.policy(), keys, config, pool));
            var unknown = TenantPolicy.unknownTargets(router.policy(), keys);
            if (!unknown.isEmpty()) throw new ConfigException(String.valueOf(config.access().keys()), unknown);
        } catch (ConfigException e) {
            ViolationPrinter.print(err, e);
            pool.close();
            if (audit != null) audit.close();
            return 1;
        }
        AccessGate gate = AccessGate.of(exposure, keys, config.access().openViews(), audit, Clock.systemUTC());
        PolicyChoice policyChoice = PolicyChoice.of(policyFile, config.policy(), Path.of(""));
        var manifestAndPolicy = new ConfigReload(config.manifest(),
                next -> policyChoice.fitTo(policyChoice.read(cli.env), next, config.manifest(), err),
                policyPath == null ? "built-in default policy" : policyPath.toString(), pool, router,
                drain -> Thread.ofVirtual().name("reload-drain").start(drain));
        // the keys file is read again on every reload too: new keys work, removed keys stop, without a restart
        var reload = exposure == AccessSettings.Exposure.KEYS
                ? manifestAndPolicy.withKeys(config.access().keys(), gate) : manifestAndPolicy;
        try {
            hangup = HangupReload.install(reload);
            if (!hangup.listening()) {
                err.println("warning: this process was started with SIGHUP ignored (nohup?), so SIGHUP cannot reload the"
                        + " configuration; use POST " + ReloadEndpoint.PATH + (watchConfig ? "" : " or --watch-config"));
            }
        } catch (IllegalArgumentException e) { // the JVM was started with -Xrs: SIGHUP is not ours to handle
            err.println("warning: SIGHUP cannot reload the configuration here (" + e.getMessage() + "); use POST "
                    + ReloadEndpoint.PATH + (watchConfig ? "" : " or --watch-config"));
        }
        if (watchConfig) {
            watch = ConfigWatch.start(java.util.Arrays.asList(config.manifest(), policyPath,
                    exposure == AccessSettings.Exposure.KEYS ? config.access().keys() : null), reload);
        }
        Components components;
        try { // a durable review lane takes up what the last process left before anything is served
            components = Components.of(pool, hardware, limits.maxBodyBytes(), limits.requestTimeout(),
                    config.logPrompts(), router).withAccess(gate).withReview(config.review());
        } catch (ConfigException e) {
            ViolationPrinter.print(err, e);
            closeOnRefusal(pool);
            return 1;
        }
        server = GatehouseServer.start(config.host(), config.port(), components,
                routes -> routes.post(ReloadEndpoint.PATH, new ReloadEndpoint(reload)));
        components.review().startupNotes().forEach(note -> (note.startsWith("warning:") ? err : out).println(note));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(pool), "gatehouse-shutdown"));
        announceAccess(config, exposure, keys, out, err);
        String host = config.host().equals("0.0.0.0") || config.host().equals("127.0.0.1") ? "localhost"
                : config.host();
        out.println("Gatehouse listening on http://" + host + ":" + server.port() + " (models from "
                + config.modelsDir().toAbsolutePath() + ", policy " + (policyPath == null ? "built in" : policyPath)
                + ")");
        out.flush();

        pool.start(); // the server already answers: /health/ready says 503 until this is done
        pool.startKeepAliveTimer();
        pool.status().forEach(s -> out.println("  " + s.spec().id() + ": " + s.state().wireName()
                + (s.lastError() == null ? "" : " (" + s.lastError() + ")")));
        out.println(pool.ready() ? "ready" : "not ready: a default model failed to load");
        out.flush();

        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutdown(pool);
        return 0;
    }

    /** The policy joined with the manifest, MiniLM for the task classifier (rules only if it cannot load), the log. */
    private RequestRouter router(GatehouseConfig config, Policy policy, Path policyPath, ModelPool pool,
            PrintWriter err) {
        MiniLmEmbedder embedder = null;
        try {
            embedder = MiniLmEmbedder.open();
        } catch (RuntimeException | LinkageError e) {
            err.println("warning: MiniLM embeddings unavailable (" + e.getMessage() + "); task categories come "
                    + "from keyword rules only");
        }
        var settings = config.decisionLog();
        DecisionLog log = settings.enabled() ? DecisionLog.open(settings.dir(), settings.maxBytes(),
                settings.maxFiles(), LogKey.resolve(cli.env, settings.dir())) : null;
        return RouterSetup.build(policy, policyPath == null ? "built-in default policy" : policyPath.toString(),
                pool, config.limits().maxQueue(), embedder, log, Clock.systemUTC());
    }

    /**
     * The policy file's {@code shadow:} and {@code rollout:} policies, joined with the keys' tenants and the pool's
     * models as the live one is; any violation stops the server, naming its key.
     */
    private Trial trial(Path policyPath, Policy live, KeysFile keys, GatehouseConfig config, ModelPool pool) {
        String keysSource = String.valueOf(config.access().keys());
        Trial trial = TrialReader.read(policyPath, cli.env).completed((tried, source) -> RouterSetup.joinPool(
                TenantPolicy.join(tried, keys, keysSource), source, pool));
        var unknown = trial.unknownProviders(live);
        if (!unknown.isEmpty()) throw new ConfigException(String.valueOf(policyPath), unknown);
        return trial;
    }

    /** One line on who may come in; with {@code auth: open}, a warning nobody can miss, on stdout and stderr. */
    private static void announceAccess(GatehouseConfig config, AccessSettings.Exposure exposure, KeysFile keys,
            PrintWriter out, PrintWriter err) {
        switch (exposure) {
            case KEYS -> out.println("API keys required: " + keys.keys().size() + " keys of " + keys.tenants().size()
                    + " tenants from " + config.access().keys() + (config.auditLog() == null ? ""
                    : "; audit log " + config.auditLog()));
            case LOOPBACK_WITHOUT_KEYS -> out.println("no API keys: only this machine can connect (" + config.host()
                    + "); set keys: FILE to require keys" + (config.auditLog() == null ? ""
                    : "; audit log " + config.auditLog()));
            case OPEN -> {
                String warning = "WARNING: auth: open - every request to " + config.host() + ":" + config.port()
                        + " is served WITHOUT an API key, pool changes included";
                String bar = "!".repeat(warning.length());
                for (PrintWriter w : new PrintWriter[] {err, out}) {
                    w.println(bar);
                    w.println(warning);
                    w.println(bar);
                    w.flush();
                }
            }
        }
        out.flush();
    }

    /** What a refusal to start after the pool and the reload hooks were made leaves behind, closed. */
    private void closeOnRefusal(ModelPool pool) {
        if (watch != null) watch.close();
        if (hangup != null) hangup.close();
        pool.close();
        hardware.close();
        if (audit != null) audit.close();
    }

    /** Stops the server, then unloads the models; runs from the shutdown hook or after {@link #stop}. */
    private void shutdown(ModelPool pool) {
        if (stopped.compareAndSet(false, true)) {
            if (watch != null) watch.close();
            if (hangup != null) hangup.close();
            server.stop();
            pool.close();
            hardware.close();
            if (audit != null) audit.close();
        }
        stop.countDown();
    }
}
