package dev.gatehouse.router.pools;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The load of an inference engine from its Prometheus metrics: vLLM's running and waiting requests and KV-cache
 * usage, or llama-server's processing and deferred requests. Several series (pods of one pool behind Prometheus's
 * {@code /federate}) are added up; KV-cache usage is their mean.
 */
final class EngineMetrics {

    static final String VLLM_RUNNING = "vllm:num_requests_running";
    static final String VLLM_WAITING = "vllm:num_requests_waiting";
    static final String VLLM_KV_CACHE = "vllm:kv_cache_usage_perc";
    /** The name vLLM used before its V1 engine. */
    static final String VLLM_KV_CACHE_OLD = "vllm:gpu_cache_usage_perc";
    static final String LLAMACPP_PROCESSING = "llamacpp:requests_processing";
    static final String LLAMACPP_DEFERRED = "llamacpp:requests_deferred";

    private static final Set<String> WANTED = Set.of(VLLM_RUNNING, VLLM_WAITING, VLLM_KV_CACHE, VLLM_KV_CACHE_OLD,
            LLAMACPP_PROCESSING, LLAMACPP_DEFERRED);

    private EngineMetrics() {}

    /** @throws IllegalArgumentException when the text holds neither engine's request counts */
    static PoolLoad read(String text) {
        Map<String, List<Double>> s = PrometheusText.samples(text, WANTED);
        if (s.containsKey(VLLM_RUNNING) || s.containsKey(VLLM_WAITING)) {
            List<Double> kv = s.getOrDefault(VLLM_KV_CACHE, s.get(VLLM_KV_CACHE_OLD));
            return PoolLoad.engine(count(s.get(VLLM_RUNNING)), count(s.get(VLLM_WAITING)), mean(kv));
        }
        if (s.containsKey(LLAMACPP_PROCESSING) || s.containsKey(LLAMACPP_DEFERRED)) {
            return PoolLoad.engine(count(s.get(LLAMACPP_PROCESSING)), count(s.get(LLAMACPP_DEFERRED)), -1);
        }
        throw new IllegalArgumentException("no engine metrics: expected " + VLLM_RUNNING + "/" + VLLM_WAITING
                + " (vLLM) or " + LLAMACPP_PROCESSING + "/" + LLAMACPP_DEFERRED + " (llama-server --metrics)");
    }

    private static int count(List<Double> values) {
        if (values == null) return 0;
        double sum = 0;
        for (double v : values) {
            if (Double.isFinite(v) && v > 0) sum += v;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.round(sum));
    }

    private static double mean(List<Double> values) {
        if (values == null) return -1;
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sum += Math.max(0, Math.min(1, v));
                n++;
            }
        }
        return n == 0 ? -1 : sum / n;
    }
}
