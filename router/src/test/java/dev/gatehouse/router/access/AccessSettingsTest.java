package dev.gatehouse.router.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AccessSettingsTest {

    record Case(String name, String host, AuthMode auth, Path keys, String violationContains,
            AccessSettings.Exposure exposure) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Path KEYS = Path.of("keys.yaml");

    static Stream<Case> cases() {
        return Stream.of(
                new Case("loopback without keys serves this machine only", "127.0.0.1", null, null, null,
                        AccessSettings.Exposure.LOOPBACK_WITHOUT_KEYS),
                new Case("localhost counts as loopback", "localhost", null, null, null,
                        AccessSettings.Exposure.LOOPBACK_WITHOUT_KEYS),
                new Case("IPv6 loopback counts as loopback", "::1", null, null, null,
                        AccessSettings.Exposure.LOOPBACK_WITHOUT_KEYS),
                new Case("every interface without keys refuses to start", "0.0.0.0", null, null,
                        "host 0.0.0.0 is reachable from other machines", null),
                new Case("a LAN address without keys refuses to start", "192.168.1.5", null, null,
                        "no API keys are configured", null),
                new Case("a host name is not assumed to be loopback", "gatehouse.internal", null, null,
                        "reachable from other machines", null),
                new Case("every interface with keys requires keys", "0.0.0.0", null, KEYS, null,
                        AccessSettings.Exposure.KEYS),
                new Case("auth open on every interface is allowed and open", "0.0.0.0", AuthMode.OPEN, null, null,
                        AccessSettings.Exposure.OPEN),
                new Case("auth keys without a keys file is refused", "127.0.0.1", AuthMode.KEYS, null,
                        "auth: keys needs a keys file", null),
                new Case("auth open together with keys is a contradiction", "0.0.0.0", AuthMode.OPEN, KEYS,
                        "contradicts the keys file", null),
                new Case("auth keys with a keys file requires keys", "0.0.0.0", AuthMode.KEYS, KEYS, null,
                        AccessSettings.Exposure.KEYS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bindingAndKeysDecideWhoMayComeIn(Case c) {
        var settings = new AccessSettings(c.auth, c.keys, Set.of());
        var violation = settings.violation(c.host);
        if (c.violationContains != null) {
            assertThat(violation).hasValueSatisfying(v -> assertThat(v).contains(c.violationContains));
        } else {
            assertThat(violation).isEmpty();
            assertThat(settings.exposure()).isEqualTo(c.exposure);
        }
    }
}
