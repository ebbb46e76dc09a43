package dev.gatehouse.router.policy;

import dev.gatehouse.manifest.Tier;
import dev.gatehouse.router.privacy.DataClass;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A place a chat request can go: a local model of the manifest ({@code stories260k}) or a provider's model
 * ({@code openai/gpt-4o-mini}).
 *
 * @param id              local model id, or {@code provider-id/model}
 * @param local           runs on premises: a manifest model, or a provider the policy marks as local (a server in
 *                        the building); only local targets may see confidential or restricted data
 * @param quality         expected quality per task category, 0..1; {@code defaultQuality} for other categories
 * @param dataClasses     the data classes this target may receive
 * @param costPer1kInput  USD per 1,000 prompt tokens (0 for local models unless the operator prices them)
 * @param contextWindow   tokens, or null to use what the pool reports (local) or no limit (remote)
 * @param tokensPerSecond generation speed to assume until one is measured
 * @param coldLoadMillis  cost of loading the model when it is not loaded; 0 for remote targets
 * @param firstTokenMillis fixed latency before the first token (network, prefill); mostly for remote targets
 * @param capabilities    what it can do beyond plain chat (tools, json)
 * @param implicit        added from the manifest because the policy did not list it
 */
public record Target(
        String id,
        boolean local,
        Tier tier,
        Map<String, Double> quality,
        double defaultQuality,
        Set<DataClass> dataClasses,
        double costPer1kInput,
        double costPer1kOutput,
        Integer contextWindow,
        double tokensPerSecond,
        long coldLoadMillis,
        long firstTokenMillis,
        Set<Capability> capabilities,
        boolean implicit) {

    public enum Capability { TOOLS, JSON }

    public Target {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tier, "tier");
        quality = Map.copyOf(quality);
        dataClasses = Set.copyOf(dataClasses);
        capabilities = Set.copyOf(capabilities);
    }

    public double quality(String category) {
        return quality.getOrDefault(category, defaultQuality);
    }

    /** The provider part of {@code provider/model}, or null for a manifest model. */
    public String provider() {
        int slash = id.indexOf('/');
        return slash < 0 ? null : id.substring(0, slash);
    }

    /**
     * Reached through a provider's client ({@code provider/model}), whether or not the policy marks it local: the
     * one test of how a target is called. Whether the request leaves the building is {@link #local()}.
     */
    public boolean isProvider() {
        return provider() != null;
    }

    /** A model of the manifest, served by the pool. */
    public boolean isManifestModel() {
        return !isProvider();
    }

    /** Sending a request here escalates it: it leaves the premises and counts under the escalation cap. */
    public boolean escalates() {
        return !local;
    }

    /** Default quality of a model the policy does not describe, by tier. */
    static double tierQuality(Tier tier) {
        return switch (tier) {
            case SMALL -> 0.4;
            case MEDIUM -> 0.6;
            case LARGE -> 0.8;
        };
    }

    /** Generation speed to assume on CPU before one is measured, by tier. */
    static double tierTokensPerSecond(Tier tier) {
        return switch (tier) {
            case SMALL -> 60;
            case MEDIUM -> 25;
            case LARGE -> 10;
        };
    }
}
