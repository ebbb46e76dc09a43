package dev.gatehouse.router.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RolloutTest {
    private static Rollout share(double share) {
        return new Rollout(share, "tenant", Set.of(), Set.of(), "2026-12");
    }

    @Test
    void aCallerStaysOnOneArmFromRequestToRequest() {
        Rollout tenPercent = share(0.1);
        for (int t = 0; t < 200; t++) {
            RolloutArm first = tenPercent.arm("tenant-" + t, null, null, "r1");
            for (int r = 2; r < 6; r++) {
                assertThat(tenPercent.arm("tenant-" + t, null, null, "r" + r)).isEqualTo(first);
            }
        }
    }

    @Test
    void theShareOfCallersOnTheCandidateIsCloseToTheShareAsked() {
        long candidates = IntStream.range(0, 20_000)
                .filter(t -> share(0.25).arm("tenant-" + t, null, null, "r") == RolloutArm.CANDIDATE).count();
        assertThat(candidates / 20_000.0).isBetween(0.23, 0.27);
    }

    @Test
    void raisingTheShareKeepsEveryoneAlreadyOnTheCandidateThere() {
        for (int t = 0; t < 2_000; t++) {
            if (share(0.1).arm("tenant-" + t, null, null, "r") == RolloutArm.CANDIDATE) {
                assertThat(share(0.2).arm("tenant-" + t, null, null, "r")).isEqualTo(RolloutArm.CANDIDATE);
            }
        }
    }

    @Test
    void namedSegmentsAreOnTheCandidateWhateverTheShare() {
        Rollout segments = new Rollout(0, "tenant", Set.of("beta-team"), Set.of("internal"), "s");
        assertThat(segments.arm("beta-team", "premium", null, "r")).isEqualTo(RolloutArm.CANDIDATE);
        assertThat(segments.arm("acme", "internal", null, "r")).isEqualTo(RolloutArm.CANDIDATE);
        assertThat(segments.arm("acme", "premium", null, "r")).isEqualTo(RolloutArm.LIVE);
    }

    @Test
    void byApiKeyTwoKeysOfOneTenantMayLandOnDifferentArms() {
        Rollout byKey = new Rollout(0.5, "apiKey", Set.of(), Set.of(), "s");
        long distinct = IntStream.range(0, 50).mapToObj(k -> byKey.arm("acme", null, "key-" + k, "r")).distinct().count();
        assertThat(distinct).isEqualTo(2);
    }

    @Test
    void aCallerWithNeitherTenantNorKeyIsBucketedByItsClientAddress() {
        Rollout half = share(0.5);
        var byAddress = IntStream.range(0, 50).mapToObj(a -> half.arm(null, null, null, "10.0.0." + a)).toList();
        assertThat(byAddress).containsOnly(RolloutArm.LIVE, RolloutArm.CANDIDATE).contains(RolloutArm.LIVE,
                RolloutArm.CANDIDATE);
        assertThat(IntStream.range(0, 50).mapToObj(a -> half.arm(null, null, null, "10.0.0." + a)).toList())
                .isEqualTo(byAddress);
        // a tenant outranks the address: the same tenant from two machines stays on one arm
        assertThat(half.arm("acme", null, null, "10.0.0.1")).isEqualTo(half.arm("acme", null, null, "10.0.0.2"));
    }

    @Test
    void badSettingsAreNamedWithTheirKeys() {
        assertThat(Rollout.violations("rollout", 1.5, "moon")).containsExactly(
                "rollout.share: must be from 0 to 1, was 1.5", "rollout.by: must be tenant or apiKey, was 'moon'");
    }
}
