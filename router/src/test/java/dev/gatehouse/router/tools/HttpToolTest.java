package dev.gatehouse.router.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpToolTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpServer server;
    private final AtomicReference<String> received = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/stock", exchange -> {
            received.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"answer\": \"12 units of ab-12 in stock\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/text", exchange -> {
            byte[] body = "shipped on Monday\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/broken", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.createContext("/stall", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private HttpTool tool(String path, long timeoutMillis) {
        HttpTool.Declared declared = HttpTool.declare("tools.http[0]", "stock",
                "http://127.0.0.1:" + server.getAddress().getPort() + path,
                "how many (?<sku>[a-z]{2}-\\d+) (?:are )?in stock", Map.of("sku", "string"), "internal",
                timeoutMillis);
        assertThat(declared.violations()).isEmpty();
        return declared.tool();
    }

    @Test
    void aQuestionTheExpressionMatchesWhollySendsOnlyItsInputsAndReturnsTheAnswer() throws Exception {
        HttpTool stock = tool("/stock", 20_000);
        Map<String, Object> inputs = stock.inputsFor("How many AB-12 are in stock?").orElseThrow();

        ToolAnswer answer = new HttpToolCall(CLIENT).call(stock, inputs);

        assertThat(received.get()).isEqualTo("{\"sku\":\"ab-12\"}");
        assertThat(answer.tool()).isEqualTo("tool/stock");
        assertThat(answer.content()).isEqualTo("12 units of ab-12 in stock");
    }

    @Test
    void aPlainTextAnswerIsTakenAsItIs() throws Exception {
        HttpTool text = tool("/text", 20_000);
        ToolAnswer answer = new HttpToolCall(CLIENT).call(text, Map.of("sku", "ab-1"));
        assertThat(answer.content()).isEqualTo("shipped on Monday");
    }

    @Test
    void aQuestionThatOnlyContainsAMatchIsNotTheToolsToAnswer() {
        HttpTool stock = tool("/stock", 20_000);
        assertThat(stock.inputsFor("how many ab-12 are in stock and why is it so low?")).isEmpty();
        assertThat(stock.inputsFor("tell me how many ab-12 are in stock")).isEmpty();
    }

    @Test
    void aToolThatFailsOrStallsIsAFailureNamingTheToolWithinItsDeadline() {
        HttpToolCall call = new HttpToolCall(CLIENT);
        assertThatThrownBy(() -> call.call(tool("/broken", 20_000), Map.of("sku", "ab-1")))
                .isInstanceOf(ToolFailedException.class).hasMessage("tool/stock: answered HTTP 503");
        long start = System.nanoTime();
        assertThatThrownBy(() -> call.call(tool("/stall", 300), Map.of("sku", "ab-1")))
                .isInstanceOf(ToolFailedException.class).hasMessage("tool/stock: no answer within 300 ms");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
    }

    @Test
    void aBadDeclarationListsEveryViolationWithItsKey() {
        HttpTool.Declared declared = HttpTool.declare("tools.http[2]", "Bad Name", "ftp://x", "(?<a>\\d+",
                Map.of("b", "date"), "secret", 0L);
        assertThat(declared.tool()).isNull();
        assertThat(declared.violations()).hasSize(6).allSatisfy(v -> assertThat(v).startsWith("tools.http[2]."));
        assertThat(String.join("\n", declared.violations())).contains(".name:", ".url:", ".match:",
                ".input.b:", ".dataClass:", ".timeoutMs:");
    }

    @Test
    void everyGroupNeedsATypeAndEveryTypeAGroup() {
        HttpTool.Declared declared = HttpTool.declare("tools.http[0]", "orders", "http://orders.local/status",
                "status of order (?<order>\\d+)", Map.of("customer", "string"), "internal", null);
        assertThat(declared.violations()).containsExactlyInAnyOrder(
                "tools.http[0].input.customer: the match expression has no group (?<customer>...)",
                "tools.http[0].match: group 'order' has no type under input");
    }

    @Test
    void anInputThatDoesNotParseAsItsTypeMeansNoMatch() {
        HttpTool.Declared declared = HttpTool.declare("tools.http[0]", "orders", "http://orders.local/status",
                "status of order (?<order>[\\w]+)", Map.of("order", "integer"), "internal", null);
        assertThat(declared.tool().inputsFor("status of order 1234")).contains(Map.of("order", 1234L));
        assertThat(declared.tool().inputsFor("status of order abc")).isEmpty();
        assertThat(List.of(declared.tool().timeout().toMillis())).containsExactly(5000L);
    }
}
