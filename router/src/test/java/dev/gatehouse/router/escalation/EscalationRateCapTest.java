package dev.gatehouse.router.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EscalationRateCapTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    final List<EscalationRateCap.Limit> hits = new ArrayList<>();

    @Test
    void theFourthEscalationInAMinuteIsRefusedAndTheMetricHookHearsOfIt() {
        var cap = new EscalationRateCap(new EscalationRateCap.Settings(3, null, 0), hits::add);
        for (int i = 0; i < 3; i++) assertThat(cap.tryEscalate(T0.plusSeconds(i)).allowed()).isTrue();

        var verdict = cap.tryEscalate(T0.plusSeconds(10));
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.limit()).isEqualTo(EscalationRateCap.Limit.PER_MINUTE);
        assertThat(verdict.detail()).contains("3 per minute");
        assertThat(hits).containsExactly(EscalationRateCap.Limit.PER_MINUTE);
    }

    @Test
    void theWindowSlidesSoEscalationsOlderThanAMinuteNoLongerCount() {
        var cap = new EscalationRateCap(new EscalationRateCap.Settings(3, null, 0), hits::add);
        for (int i = 0; i < 3; i++) cap.tryEscalate(T0);
        assertThat(cap.tryEscalate(T0.plusSeconds(59)).allowed()).isFalse();
        assertThat(cap.tryEscalate(T0.plus(Duration.ofSeconds(61))).allowed()).isTrue();
    }

    @Test
    void escalationsAreCappedAsAShareOfAllRequests() {
        var cap = new EscalationRateCap(new EscalationRateCap.Settings(null, 0.25, 8), hits::add);
        for (int i = 0; i < 6; i++) cap.countRequest(T0);
        assertThat(cap.tryEscalate(T0).allowed()).as("below minRequests the share is not applied").isTrue();
        cap.countRequest(T0);
        assertThat(cap.tryEscalate(T0).allowed()).as("2 of 9 = 22%").isTrue();
        var verdict = cap.tryEscalate(T0);
        assertThat(verdict.allowed()).as("3 of 10 = 30%").isFalse();
        assertThat(verdict.limit()).isEqualTo(EscalationRateCap.Limit.SHARE);
        assertThat(verdict.detail()).contains("30.0%").contains("25.0%");
    }

    @Test
    void aRequestCountedLocalThatEscalatesLaterIsCountedOnceForTheShare() {
        var cap = new EscalationRateCap(new EscalationRateCap.Settings(null, 0.5, 2), hits::add);
        cap.countRequest(T0);
        cap.countRequest(T0);
        assertThat(cap.tryEscalateCounted(T0).allowed()).as("1 of 2 requests escalated: at the share").isTrue();
        cap.countRequest(T0);
        // 2 of 3 would exceed half; counting the escalating request a second time would have hidden that (2 of 4)
        assertThat(cap.tryEscalateCounted(T0).allowed()).isFalse();
        assertThat(hits).containsExactly(EscalationRateCap.Limit.SHARE);
    }
}
