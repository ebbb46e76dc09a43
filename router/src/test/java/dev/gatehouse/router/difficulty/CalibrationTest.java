package dev.gatehouse.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {
    final double[] scores = new Random(9).doubles(1000).map(d -> d * d).toArray();
    final Calibration calibration = Calibration.of(scores, "test traffic");

    @Test
    void thresholdFallsAsTheWantedShareOfStrongCallsRises() {
        double previous = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= 200; i++) {
            double threshold = calibration.thresholdFor(i / 200.0);
            assertThat(threshold).isLessThanOrEqualTo(previous);
            previous = threshold;
        }
    }

    @Test
    void theThresholdForAShareSendsThatShareOfTheCalibrationTrafficToTheStrongModel() {
        for (double share : new double[] {0.0, 0.1, 0.25, 0.5, 0.8, 1.0}) {
            double threshold = calibration.thresholdFor(share);
            long strong = Arrays.stream(scores).filter(s -> s >= threshold).count();
            assertThat(strong / 1000.0).isCloseTo(share, org.assertj.core.data.Offset.offset(0.002));
        }
    }

    @Test
    void aShareOutsideZeroToOneIsRefusedWithTheValue() {
        assertThatThrownBy(() -> calibration.thresholdFor(1.5)).hasMessageContaining("1.5");
    }

    @Test
    void theShareBelowAScoreIsHowMuchOfTheCalibrationTrafficScoresLowerAndUndoesThresholdFor() {
        for (double score : new double[] {0.001, 0.04, 0.25, 0.5, 0.81}) {
            long below = Arrays.stream(scores).filter(s -> s < score).count();
            assertThat(calibration.shareBelow(score)).as("score %s", score).isCloseTo(below / 1000.0,
                    org.assertj.core.data.Offset.offset(0.011));
        }
        for (double share : new double[] {0.1, 0.5, 0.9}) {
            assertThat(calibration.shareBelow(calibration.thresholdFor(share))).isCloseTo(1 - share,
                    org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void theShareBelowRisesWithTheScoreAndStaysWithinZeroAndOne() {
        assertThat(calibration.shareBelow(-5)).isZero();
        assertThat(calibration.shareBelow(5)).isEqualTo(1.0);
        double previous = -1;
        for (int i = 0; i <= 400; i++) {
            double share = calibration.shareBelow(i / 400.0);
            assertThat(share).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
            previous = share;
        }
    }
}
