package dev.gatehouse.router.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.cli.GatehouseCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run gatehouse(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GatehouseCli.run(args, new PrintWriter(out), new PrintWriter(err), Map.of(), d -> null);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void keysAddPrintsTheKeyOnceAndTheFileHoldsOnlyItsHash() throws Exception {
        Path file = dir.resolve("keys.yaml");
        Run run = gatehouse("keys", "add", "--keys", file.toString(), "--tenant", "acme");

        assertThat(run.code).as(run.err).isZero();
        String key = run.out.strip();
        assertThat(key).matches("ghk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}");
        assertThat(run.err).contains("tenant acme").doesNotContain(key);
        String written = Files.readString(file);
        assertThat(written).doesNotContain(key).doesNotContain(key.substring(13));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
        assertThat(written).contains(sha);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        KeysFile keys = KeysFile.read(file);
        assertThat(keys.tenants()).containsKey("acme");
        assertThat(keys.keys()).singleElement().satisfies(k -> {
            assertThat(k.id()).isEqualTo(key.substring(4, 12));
            assertThat(k.admin()).isFalse();
        });
        assertThat(new KeyRing(keys).authenticate(key)).hasValueSatisfying(c -> {
            assertThat(c.tenant()).isEqualTo("acme");
            assertThat(c.keyId()).isEqualTo(key.substring(4, 12));
        });
        assertThat(new KeyRing(keys).authenticate(key + "x")).isEmpty();
    }

    @Test
    void aSecondKeyKeepsTheFirstAndTheTenantsSettings() throws Exception {
        Path file = dir.resolve("keys.yaml");
        Files.writeString(file, """
                tenants:
                  acme:
                    tier: premium
                    dataClass: confidential
                    allowedTargets: [local]
                    budget: {daily: 2.5}
                    rateLimit: {requestsPerMinute: 60, tokensPerMinute: 10000, concurrentStreams: 2}
                keys: []
                """);
        String first = gatehouse("keys", "add", "--keys", file.toString(), "--tenant", "acme").out.strip();
        Run second = gatehouse("keys", "add", "--keys", file.toString(), "--tenant", "ops", "--admin");
        assertThat(second.code).as(second.err).isZero();

        KeysFile keys = KeysFile.read(file);
        TenantAccess acme = keys.tenants().get("acme");
        assertThat(acme.tier()).isEqualTo("premium");
        assertThat(acme.allowedTargets()).containsExactly("local");
        assertThat(acme.budget().daily().toString()).isEqualTo("2.50");
        assertThat(acme.rateLimit()).isEqualTo(new RateLimit(60, 10000, 2));
        assertThat(keys.tenants().get("ops").tier()).isEqualTo(TenantAccess.DEFAULT_TIER);
        KeyRing ring = new KeyRing(keys);
        assertThat(ring.authenticate(first).orElseThrow().admin()).isFalse();
        assertThat(ring.authenticate(second.out.strip()).orElseThrow().admin()).isTrue();

        Run list = gatehouse("keys", "list", "--keys", file.toString());
        assertThat(list.out).contains("tenant=acme", "tenant=ops  admin").doesNotContain(first);
    }

    @Test
    void aBrokenKeysFileIsReportedWithEveryViolationAndLeftAlone() throws Exception {
        Path file = dir.resolve("keys.yaml");
        String broken = """
                tenants:
                  acme:
                    dataClass: secret
                    rateLimit: {requestsPerMinute: 0}
                    colour: red
                keys:
                  - id: k1
                    tenant: nobody
                    sha256: abc
                """;
        Files.writeString(file, broken);
        Run run = gatehouse("keys", "add", "--keys", file.toString(), "--tenant", "acme");

        assertThat(run.code).isEqualTo(1);
        assertThat(run.out).isEmpty();
        assertThat(run.err).contains(
                "tenants.acme.dataClass: must be one of public, internal, confidential, restricted, was \"secret\"",
                "tenants.acme.rateLimit.requestsPerMinute: must be between 1 and 100000000, was 0",
                "tenants.acme.colour: unknown key",
                "keys[0].tenant: 'nobody' is not declared under tenants",
                "keys[0].sha256: must be 64 lower-case hex digits");
        assertThat(Files.readString(file)).isEqualTo(broken);
    }

    @Test
    void keyIdsThatLookLikeNumbersSurviveTheRoundTrip() throws Exception {
        Path file = dir.resolve("keys.yaml");
        KeysFile keys = KeysFile.empty()
                .with(new StoredKey("12345678", "acme", "0".repeat(64), false, null))
                .with(new StoredKey("1e234567", "acme", "1".repeat(64), false, null));
        KeysFileWriter.write(file, keys);
        assertThat(KeysFile.read(file).keys()).extracting(StoredKey::id).containsExactly("12345678", "1e234567");
    }

    @Test
    void aTenantNameOutsideTheAllowedCharactersIsRefused() {
        Run run = gatehouse("keys", "add", "--keys", dir.resolve("k.yaml").toString(), "--tenant", "a b");
        assertThat(run.code).isEqualTo(2);
        assertThat(dir.resolve("k.yaml")).doesNotExist();
    }
}
