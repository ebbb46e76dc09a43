package dev.gatehouse.router.policy;

import static dev.gatehouse.router.policy.PolicyFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.manifest.Tier;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.CapacitySnapshot.StickyChoice;
import dev.gatehouse.router.privacy.DataClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hysteresis (state passed in and out by hand, time stepped by hand) and scale. */
class DeciderStabilityTest {

    /** Two local models whose scores are within a hair of each other for a medium request. */
    static Policy closeCall() {
        return PolicyFixtures.policy().withTargets(List.of(
                target("alpha", 0.60, 30),
                target("beta", 0.62, 28)));
    }

    static Target target(String id, double quality, double tokensPerSecond) {
        return new Target(id, true, Tier.MEDIUM, Map.of(), quality, EnumSet.allOf(DataClass.class), 0, 0, null,
                tokensPerSecond, 3000, 0, Set.of(), false);
    }

    static CapacitySnapshot snapshot(double alphaSpeed, double betaSpeed, Map<String, StickyChoice> sticky,
            Duration later) {
        return new CapacitySnapshot(NOW.plus(later), Map.of(
                "alpha", TargetCapacity.idle("alpha", 2, alphaSpeed),
                "beta", TargetCapacity.idle("beta", 2, betaSpeed)), sticky);
    }

    @Test
    void similarRequestsStayOnOneTargetUnderSmallNoise() {
        Random noise = new Random(42);
        Map<String, StickyChoice> sticky = new HashMap<>();
        Set<String> withMemory = new HashSet<>();
        Set<String> withoutMemory = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            RequestFeatures f = RequestFeatures.of("general", 0.5 + (noise.nextDouble() - 0.5) * 0.1,
                    DataClass.PUBLIC, 180 + noise.nextInt(40));
            double alpha = 30 * (1 + (noise.nextDouble() - 0.5) * 0.1);
            double beta = 28 * (1 + (noise.nextDouble() - 0.5) * 0.1);
            Decision d = Decider.decide(f, snapshot(alpha, beta, sticky, Duration.ofSeconds(i)), closeCall());
            sticky.put(d.bucket(), new StickyChoice(d.target(), NOW.plusSeconds(i)));
            withMemory.add(d.target());
            withoutMemory.add(Decider.decide(f, snapshot(alpha, beta, Map.of(), Duration.ofSeconds(i)), closeCall())
                    .target());
        }
        assertThat(withoutMemory).as("the noise is large enough to flip a memoryless choice").hasSize(2);
        assertThat(withMemory).as("with hysteresis the bucket stays on one target").hasSize(1);
    }

    @Test
    void aClearlyBetterTargetWinsDespiteTheStickyChoice() {
        RequestFeatures f = RequestFeatures.of("general", 0.5, DataClass.PUBLIC, 200);
        Map<String, StickyChoice> sticky = Map.of(f.similarityBucket(), new StickyChoice("alpha", NOW));
        CapacitySnapshot betaIdleAlphaBusy = snapshot(30, 28, sticky, Duration.ofSeconds(1))
                .with(TargetCapacity.idle("alpha", 2, 30).withLoad(2, 4));

        Decision d = Decider.decide(f, betaIdleAlphaBusy, closeCall());

        assertThat(d.target()).isEqualTo("beta");
        assertThat(d.reasons()).extracting(Decision.Reason::code).doesNotContain(ReasonCode.STICKY);
    }

    @Test
    void aStickyChoiceExpiresAfterStickFor() {
        RequestFeatures f = RequestFeatures.of("general", 0.5, DataClass.PUBLIC, 200);
        Map<String, StickyChoice> sticky = Map.of(f.similarityBucket(), new StickyChoice("alpha", NOW));

        Decision fresh = Decider.decide(f, snapshot(30, 28, sticky, Duration.ofMinutes(1)), closeCall());
        Decision stale = Decider.decide(f, snapshot(30, 28, sticky, Duration.ofMinutes(11)), closeCall());

        assertThat(fresh.target()).isEqualTo("alpha");
        assertThat(fresh.reasons()).extracting(Decision.Reason::code).contains(ReasonCode.STICKY);
        assertThat(stale.target()).isEqualTo("beta");
    }

    @Test
    void aThousandTargetsAreAllConsideredAndTheBestChosen() {
        List<Target> targets = new ArrayList<>();
        Map<String, TargetCapacity> capacity = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            String id = i % 2 == 0 ? "local-" + i : "cloud" + i + "/model";
            boolean local = i % 2 == 0;
            targets.add(new Target(id, local, Tier.MEDIUM, Map.of(), 0.3 + (i % 97) / 200.0,
                    local ? EnumSet.allOf(DataClass.class) : EnumSet.of(DataClass.PUBLIC), local ? 0 : 0.001,
                    local ? 0 : 0.002, null, 20 + i % 13, 3000, local ? 0 : 400, Set.of(), false));
            capacity.put(id, TargetCapacity.idle(id, 2, 0));
        }
        Policy policy = PolicyFixtures.policy().withTargets(targets);
        RequestFeatures f = RequestFeatures.of("general", 0.7, DataClass.CONFIDENTIAL, 300);

        Decision d = Decider.decide(f, new CapacitySnapshot(NOW, capacity, Map.of()), policy);

        assertThat(d.target()).startsWith("local-");
        assertThat(d.rejected()).hasSize(999 - d.fallbacks().size());
        assertThat(d.rejected()).filteredOn(r -> r.reason() == ReasonCode.DATA_CLASS_NOT_ALLOWED).hasSize(500);
        assertThat(d.ranking().getFirst().target()).isEqualTo(d.target());
    }
}
