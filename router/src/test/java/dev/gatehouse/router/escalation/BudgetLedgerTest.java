package dev.gatehouse.router.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.router.escalation.BudgetExhaustedException.Period;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BudgetLedgerTest {

    static final Instant NOON = Instant.parse("2026-03-14T12:00:00Z");
    final TokenPrices prices = new TokenPrices(new BigDecimal("0.0025"), new BigDecimal("0.01"));

    static BudgetLedger ledger(String daily, String monthly) {
        var limit = new BudgetLimits.Limit(daily == null ? null : Cost.of(daily), monthly == null ? null : Cost.of(monthly));
        return new BudgetLedger(new BudgetLimits(Map.of("acme", limit), Map.of("key-1", limit)), ZoneOffset.UTC);
    }

    @Test
    void theCostOfARequestComesFromRealTokenCountsAndPricesPer1k() {
        assertThat(prices.cost(1000, 500)).isEqualTo(Cost.of("0.0075"));
        assertThat(prices.maxCost(200, 1000)).isEqualTo(Cost.of("0.0105"));
        assertThat(TokenPrices.FREE.cost(100000, 100000)).isEqualTo(Cost.ZERO);
        assertThat(TokenPrices.flat(new BigDecimal("0.0001")).cost(500, 500)).isEqualTo(Cost.of("0.0001"));
    }

    @Test
    void aBurstOf200ParallelRequestsNeverOverspendsAndEachEitherRanOrWasRefused() throws Exception {
        BudgetLedger ledger = ledger("1.00", null);
        Cost maxCost = Cost.of("0.03"); // 33 fit in the reservation, real costs are lower
        Cost actual = Cost.of("0.02");
        var start = new CountDownLatch(1);
        var ran = new AtomicInteger();
        var refused = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(200)) {
            for (int i = 0; i < 200; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try (Reservation r = ledger.reserve("acme", "key-1", maxCost, NOON)) {
                        Thread.sleep(1); // the call
                        r.settle(actual);
                        ran.incrementAndGet();
                    } catch (BudgetExhaustedException e) {
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) f.get();
        }
        Cost spent = ledger.spent(BudgetScope.TENANT, "acme", Period.DAY, NOON);
        assertThat(ran.get() + refused.get()).isEqualTo(200);
        assertThat(spent.nanos()).isLessThanOrEqualTo(Cost.of("1.00").nanos());
        assertThat(spent).isEqualTo(new Cost(actual.nanos() * ran.get()));
        assertThat(ran.get()).as("at least what fits at the reserved price").isGreaterThanOrEqualTo(33);
        assertThat(ledger.committed(BudgetScope.API_KEY, "key-1", Period.DAY, NOON)).as("nothing left reserved")
                .isEqualTo(spent);
    }

    @Test
    void aReleasedReservationGivesTheMoneyBack() {
        BudgetLedger ledger = ledger("0.05", null);
        Reservation r = ledger.reserve("acme", null, Cost.of("0.05"), NOON);
        catchThrowableOfType(BudgetExhaustedException.class, () -> ledger.reserve("acme", null, Cost.of("0.01"), NOON));
        r.release();
        r.settle(Cost.of("0.05")); // too late: released already
        assertThat(ledger.spent(BudgetScope.TENANT, "acme", Period.DAY, NOON)).isEqualTo(Cost.ZERO);
        ledger.reserve("acme", null, Cost.of("0.05"), NOON).settle(Cost.of("0.01"));
    }

    @Test
    void theRefusalNamesTheBudgetTheLimitWhatIsUsedAndWhenItResets() {
        BudgetLedger ledger = ledger("0.10", null);
        ledger.reserve("acme", "key-1", Cost.of("0.08"), NOON).settle(Cost.of("0.08"));

        var e = catchThrowableOfType(BudgetExhaustedException.class,
                () -> ledger.reserve("acme", "key-1", Cost.of("0.05"), NOON));

        assertThat(e.scope()).isEqualTo(BudgetScope.TENANT);
        assertThat(e.period()).isEqualTo(Period.DAY);
        assertThat(e.resetsAt()).isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
        assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(12));
        assertThat(e.getMessage()).contains("daily budget of tenant 'acme'").contains("limit 0.10")
                .contains("0.08").contains("0.05");
    }

    @Test
    void theDailyBudgetResetsAtMidnightWhileTheMonthlyOneKeepsCounting() {
        BudgetLedger ledger = ledger("0.10", "0.15");
        ledger.reserve("acme", null, Cost.of("0.10"), NOON).settle(Cost.of("0.10"));
        catchThrowableOfType(BudgetExhaustedException.class, () -> ledger.reserve("acme", null, Cost.of("0.01"), NOON));

        Instant tomorrow = NOON.plus(Duration.ofDays(1));
        ledger.reserve("acme", null, Cost.of("0.05"), tomorrow).settle(Cost.of("0.05"));
        var e = catchThrowableOfType(BudgetExhaustedException.class,
                () -> ledger.reserve("acme", null, Cost.of("0.01"), tomorrow));
        assertThat(e.period()).isEqualTo(Period.MONTH);
        assertThat(e.resetsAt()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
    }

    @Test
    void theApiKeysOwnBudgetIsEnforcedBesideTheTenants() {
        var ledger = new BudgetLedger(new BudgetLimits(Map.of(),
                Map.of("key-1", new BudgetLimits.Limit(Cost.of("0.01"), null))), ZoneOffset.UTC);
        var e = catchThrowableOfType(BudgetExhaustedException.class,
                () -> ledger.reserve("acme", "key-1", Cost.of("0.02"), NOON));
        assertThat(e.scope()).isEqualTo(BudgetScope.API_KEY);
        ledger.reserve("acme", "key-2", Cost.of("0.02"), NOON).close(); // other keys: no limit
    }
}
