package dev.gatehouse.router.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionLogHashTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aPromptIsLoggedAsItsHmacUnderTheLogsKey(@TempDir Path dir) throws Exception {
        try (DecisionLog log = DecisionLog.open(dir, 1 << 20, 2, KEY)) {
            assertThat(log.hash("What is the capital of France?")).isEqualTo(hmac(KEY, "What is the capital of France?"));
            assertThat(log.hash("")).isEqualTo(hmac(KEY, ""));
        }
        byte[] other = KEY.clone();
        other[0] ^= 1;
        try (DecisionLog log = DecisionLog.open(dir.resolve("other"), 1 << 20, 2, other)) {
            assertThat(log.hash("same text")).as("another key, another hash").isNotEqualTo(hmac(KEY, "same text"));
        }
    }

    @Test
    void requestsHashingAtOnceEachGetTheirOwnTextsHash(@TempDir Path dir) throws Exception {
        try (DecisionLog log = DecisionLog.open(dir, 1 << 20, 2, KEY);
             var threads = Executors.newFixedThreadPool(4)) {
            List<Callable<Boolean>> tasks = IntStream.range(0, 2_000).<Callable<Boolean>>mapToObj(i -> () -> {
                String text = "prompt number " + i;
                return log.hash(text).equals(hmac(KEY, text));
            }).toList();
            for (var result : threads.invokeAll(tasks)) assertThat(result.get()).isTrue();
        }
    }

    private static String hmac(byte[] key, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
