package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.escalation.FakeProvider;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Chat responses name the data class and the finding types of the request, never a value (/v1/route has both in its body). */
class PrivacyHeadersTest {
    static FakeProvider cloud;
    static RunningGatehouse gatehouse;

    @BeforeAll
    static void start() {
        cloud = FakeProvider.start();
        gatehouse = EscalatingGatehouse.start(EgressLeakTest.POLICY.formatted(EscalatingGatehouse.provider("cloud",
                "openai", cloud.baseUrl(), "big", "public", "0.001", "0.002")), ScriptedChatModel.saying(4096, "ok"),
                ScriptedChatModel.saying(4096, "ok"));
    }

    @AfterAll
    static void stop() {
        gatehouse.close();
        cloud.close();
    }

    @Test
    void aChatResponseNamesTheDataClassAndFindingTypesButNoValue() {
        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", EscalatingGatehouse.chat("auto",
                "Write to Maria Gonzalez at maria.gonzalez@example.com about the invoice"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-data-class")).contains("confidential");
        assertThat(r.headers().firstValue("x-gatehouse-findings")).hasValueSatisfying(v -> {
            assertThat(v.split(",")).contains("EMAIL_ADDRESS", "PERSON");
            assertThat(v).doesNotContain("maria", "Maria", "example.com");
        });
    }

    @Test
    void aStreamedChatResponseCarriesTheHeadersToo() {
        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", EscalatingGatehouse.chatStreaming("auto",
                "call 33 93 31 tomorrow"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-data-class")).contains("confidential");
        assertThat(r.headers().firstValue("x-gatehouse-findings")).contains("PHONE_NUMBER");
    }

    @Test
    void aPlainRequestSaysPublicAndNone() {
        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", EscalatingGatehouse.chat("auto",
                "explain how tides work"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-data-class")).contains("public");
        assertThat(r.headers().firstValue("x-gatehouse-findings")).contains("none");
    }
}
