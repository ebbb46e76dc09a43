package dev.gatehouse.router.escalation;

import static dev.gatehouse.router.escalation.ProviderClientTest.drain;
import static dev.gatehouse.router.escalation.ProviderClientTest.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.inference.provider.Delivery;
import dev.gatehouse.inference.provider.ProviderKind;
import dev.gatehouse.router.escalation.BudgetExhaustedException.Period;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SettlingTokenStreamTest {

    static final Instant NOW = Instant.parse("2026-03-14T12:00:00Z");
    final FakeProvider fake = FakeProvider.start();
    final BudgetLedger ledger = new BudgetLedger(new BudgetLimits(Map.of("acme", new BudgetLimits.Limit(Cost.of("1"), null)),
            Map.of()), ZoneOffset.UTC);
    final TokenPrices prices = new TokenPrices(new BigDecimal("0.01"), new BigDecimal("0.03"));
    final List<Cost> booked = new ArrayList<>();

    @AfterEach
    void stop() {
        fake.close();
    }

    TokenStream call() {
        Reservation reservation = ledger.reserve("acme", null, prices.maxCost(100, 64), NOW);
        var tokens = ProviderClientTest.client(fake, ProviderKind.ANTHROPIC).chat("m", hello(), Delivery.STREAMING);
        return new SettlingTokenStream(tokens, reservation, prices, booked::add);
    }

    @Test
    void aCompletedAnswerBooksTheCostOfTheProvidersRealTokenCounts() {
        fake.reply(List.of("a", "b", "c"), 1000, "stop");
        drain(call());
        Cost real = prices.cost(1000, 3);
        assertThat(booked).containsExactly(real);
        assertThat(ledger.spent(BudgetScope.TENANT, "acme", Period.DAY, NOW)).isEqualTo(real);
        assertThat(ledger.committed(BudgetScope.TENANT, "acme", Period.DAY, NOW)).as("no reservation left").isEqualTo(real);
    }

    @Test
    void aStreamThatBreaksAfterItBeganBooksTheWholeReservation() {
        fake.nextResponses(new FakeProvider.Fault.CutAfter(1));
        try (TokenStream s = call()) {
            s.next();
            catchThrowableOfType(InferenceException.class, s::next);
        }
        assertThat(booked).containsExactly(prices.maxCost(100, 64));
    }
}
