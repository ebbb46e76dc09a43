package dev.gatehouse.router.reload;

import dev.gatehouse.router.learning.LearnedRouterArtifact;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.toolcall.ToolCallFormat;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.TaskKind;
import dev.gatehouse.router.access.AccessGate;
import dev.gatehouse.router.access.KeysFile;
import dev.gatehouse.router.access.TenantPolicy;
import dev.gatehouse.router.policy.LocalTargets;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.routing.RequestRouter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Reads the manifest and the policy again and, only when both are valid together, serves them: new models are
 * loaded on their first request, models no longer declared (or declared differently) stop taking requests and are
 * unloaded once the requests they are serving have ended, and the next decision uses the new policy. An invalid
 * pair changes nothing and is answered with every violation of both files.
 *
 * <p>With a keys file ({@link #withKeys}) the keys are read again too: its tenants join the new policy, and once all
 * three files are valid together new keys work and removed keys stop working from the next request on.
 *
 * <p>What is not reloaded: gatehouse.yaml (host, port, limits), and the parts the router built once from the first
 * policy (privacy patterns, task categories, provider clients and budgets); changing those needs a restart.
 */
public final class ConfigReload {
    private static final Logger LOG = Logger.getLogger(ConfigReload.class.getName());

    /** The policy as serve would run it with a given manifest (serve's own rules for an implicit policy.yaml). */
    @FunctionalInterface
    public interface PolicySource {
        /** @throws ConfigException when the policy file is invalid */
        Policy read(Manifest manifest);
    }

    private final Path manifestFile;
    private final PolicySource policySource;
    private final String policyName;
    private final ModelPool pool;
    private final RequestRouter router;
    private final Executor drains;
    private final Path keysFile;
    private final AccessGate gate;

    /**
     * @param policyName how violations name the policy (its path, or "built-in default policy")
     * @param drains     where retired models wait for their in-flight requests before unloading
     */
    public ConfigReload(Path manifestFile, PolicySource policySource, String policyName, ModelPool pool,
            RequestRouter router, Executor drains) {
        this(manifestFile, policySource, policyName, pool, router, drains, null, null);
    }

    private ConfigReload(Path manifestFile, PolicySource policySource, String policyName, ModelPool pool,
            RequestRouter router, Executor drains, Path keysFile, AccessGate gate) {
        this.manifestFile = manifestFile;
        this.policySource = policySource;
        this.policyName = policyName;
        this.pool = pool;
        this.router = router;
        this.drains = drains;
        this.keysFile = keysFile;
        this.gate = gate;
    }

    /** This reload, also reading {@code keysFile} again and handing its keys to {@code gate}. */
    public ConfigReload withKeys(Path keysFile, AccessGate gate) {
        return new ConfigReload(manifestFile, policySource, policyName, pool, router, drains, keysFile, gate);
    }

    /** One reload at a time: two overlapping ones would retire each other's models. */
    public synchronized ReloadOutcome reload() {
        List<ReloadOutcome.Problem> problems = new ArrayList<>();
        Manifest manifest = null;
        try {
            manifest = ManifestReader.read(manifestFile);
        } catch (ConfigException e) {
            problems.addAll(ReloadOutcome.Problem.of(e));
        }
        KeysFile keys = null;
        if (keysFile != null) {
            try {
                keys = KeysFile.read(keysFile);
            } catch (ConfigException e) {
                problems.addAll(ReloadOutcome.Problem.of(e));
            }
        }
        // an invalid manifest still lets the policy be checked, against the manifest serving now, so that one
        // answer lists the violations of every file
        Manifest joinWith = manifest != null ? manifest : pool.manifest();
        Policy complete = null;
        try {
            Policy policy = policySource.read(joinWith);
            if (keys != null) policy = TenantPolicy.join(policy, keys, keysFile.toString());
            complete = LocalTargets.complete(policy, joinWith.models(), toolCapable(joinWith), policyName);
            complete = LearnedRouterArtifact.attach(complete, policyName); // a broken artifact keeps the old policy
            if (keys != null) {
                var unknown = TenantPolicy.unknownTargets(complete, keys);
                if (!unknown.isEmpty()) throw new ConfigException(keysFile.toString(), unknown);
            }
        } catch (ConfigException e) {
            problems.addAll(ReloadOutcome.Problem.of(e));
        }
        if (!problems.isEmpty()) {
            LOG.warning("configuration reload rejected, the old configuration keeps serving: " + problems);
            return ReloadOutcome.rejected(problems);
        }
        return apply(manifest, complete, keys);
    }

    private ReloadOutcome apply(Manifest manifest, Policy complete, KeysFile keys) {
        Set<String> before = pool.status().stream().map(s -> s.spec().id()).collect(Collectors.toSet());
        List<String> retired = pool.replaceManifest(manifest);
        router.replacePolicy(complete);
        if (keys != null) gate.replaceKeys(keys);
        for (String id : retired) {
            drains.execute(() -> pool.retire(id));
        }
        List<String> added = manifest.models().stream().map(ModelSpec::id)
                .filter(id -> !before.contains(id) || retired.contains(id)).toList();
        List<String> removed = retired.stream().filter(id -> manifest.find(id).isEmpty()).toList();
        List<String> changed = retired.stream().filter(id -> manifest.find(id).isPresent()).toList();
        LOG.info("configuration reloaded: added " + added + ", removed " + removed + ", changed " + changed);
        return ReloadOutcome.applied(added.stream().filter(id -> !changed.contains(id)).toList(), removed, changed);
    }

    private Set<String> toolCapable(Manifest manifest) {
        return manifest.models().stream().filter(m -> m.serves(TaskKind.CHAT))
                .filter(m -> ToolCallFormat.supportedBy(pool.chatTemplate(m))).map(ModelSpec::id)
                .collect(Collectors.toSet());
    }
}
