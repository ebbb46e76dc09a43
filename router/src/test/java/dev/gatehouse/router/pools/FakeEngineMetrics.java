package dev.gatehouse.router.pools;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a random loopback port that answers {@code GET /metrics} like a vLLM server (or
 * llama-server with {@code --metrics}), with the load the test sets. It can hang (answer nothing until released) and
 * {@link #close()} makes its port refuse connections.
 */
public final class FakeEngineMetrics implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger scrapes = new AtomicInteger();
    private volatile String text = "";
    private volatile CountDownLatch hang;

    private FakeEngineMetrics(HttpServer server) {
        this.server = server;
    }

    public static FakeEngineMetrics start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            FakeEngineMetrics fake = new FakeEngineMetrics(server);
            server.createContext("/metrics", fake::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    /** vLLM's exposition: HELP and TYPE lines, a label set with quotes, histograms around the gauges. */
    public FakeEngineMetrics vllm(int running, int waiting, double kvCacheUsage) {
        text = """
                # HELP vllm:num_requests_running Number of requests in model execution batches.
                # TYPE vllm:num_requests_running gauge
                vllm:num_requests_running{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} %d.0
                # HELP vllm:num_requests_waiting Number of requests waiting to be processed.
                # TYPE vllm:num_requests_waiting gauge
                vllm:num_requests_waiting{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} %d.0
                # HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.
                # TYPE vllm:kv_cache_usage_perc gauge
                vllm:kv_cache_usage_perc{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} %s
                # HELP vllm:time_to_first_token_seconds Histogram of time to first token in seconds.
                # TYPE vllm:time_to_first_token_seconds histogram
                vllm:time_to_first_token_seconds_bucket{engine="0",le="0.001",model_name="a {b}, \\"c\\""} 0.0
                vllm:time_to_first_token_seconds_count{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 42.0
                """.formatted(running, waiting, String.format(Locale.ROOT, "%.4f", kvCacheUsage));
        return this;
    }

    /** llama-server's exposition ({@code --metrics}). */
    public FakeEngineMetrics llamaServer(int processing, int deferred) {
        text = """
                # HELP llamacpp:prompt_tokens_total Number of prompt tokens processed.
                # TYPE llamacpp:prompt_tokens_total counter
                llamacpp:prompt_tokens_total 1234
                # HELP llamacpp:requests_processing Number of requests processing.
                # TYPE llamacpp:requests_processing gauge
                llamacpp:requests_processing %d
                # HELP llamacpp:requests_deferred Number of requests deferred.
                # TYPE llamacpp:requests_deferred gauge
                llamacpp:requests_deferred %d
                """.formatted(processing, deferred);
        return this;
    }

    /** Any text, e.g. a page without engine metrics. */
    public FakeEngineMetrics text(String body) {
        text = body;
        return this;
    }

    /** Scrapes wait without answering until {@link #release()}. */
    public FakeEngineMetrics hanging() {
        hang = new CountDownLatch(1);
        return this;
    }

    public void release() {
        CountDownLatch h = hang;
        hang = null;
        if (h != null) h.countDown();
    }

    public int scrapes() {
        return scrapes.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        scrapes.incrementAndGet();
        CountDownLatch h = hang;
        if (h != null) {
            try {
                h.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
