package dev.gatehouse.router.escalation;

import dev.gatehouse.router.escalation.BudgetExhaustedException.Period;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spend per tenant and API key, per day and month, in the operator's time zone. A request first
 * {@link #reserve reserves} the most it can cost against every budget it falls under, all at once under one lock, so
 * a burst of parallel requests cannot overspend; then it {@linkplain Reservation#settle settles} with the real cost
 * or {@linkplain Reservation#release releases} on failure. Time is passed in.
 */
public final class BudgetLedger {

    private final BudgetLimits limits;
    private final ZoneId zone;
    private final Map<Account.Key, Account> accounts = new HashMap<>();

    public BudgetLedger(BudgetLimits limits, ZoneId zone) {
        this.limits = limits;
        this.zone = zone;
    }

    /**
     * @param apiKeyId an identifier of the client's key (a name or a keyed hash), never the key
     * @throws BudgetExhaustedException when the first budget that cannot take {@code maxCost} is found; nothing is
     *                                  reserved then
     */
    public Reservation reserve(String tenant, String apiKeyId, Cost maxCost, Instant now) {
        LocalDate day = LocalDate.ofInstant(now, zone);
        YearMonth month = YearMonth.from(day);
        synchronized (this) {
            List<Account> charged = new ArrayList<>(2);
            for (Account account : accountsOf(tenant, apiKeyId)) {
                account.roll(day, month);
                BudgetLimits.Limit limit = limits.of(account.key.scope(), account.key.owner());
                if (limit != null) {
                    check(account, Period.DAY, limit.daily(), account.dayCommitted(), maxCost, now, day, month);
                    check(account, Period.MONTH, limit.monthly(), account.monthCommitted(), maxCost, now, day, month);
                }
                charged.add(account);
            }
            for (Account account : charged) {
                account.dayReserved += maxCost.nanos();
                account.monthReserved += maxCost.nanos();
            }
            return new Reservation(this, charged, maxCost, day, month);
        }
    }

    /**
     * What is left now of the tightest budget the request falls under (limit minus spent and reserved, at least
     * zero), without reserving anything: an input of the decision's budget gate. Null when no limit applies.
     */
    public synchronized Headroom headroom(String tenant, String apiKeyId, Instant now) {
        LocalDate day = LocalDate.ofInstant(now, zone);
        YearMonth month = YearMonth.from(day);
        Headroom tightest = null;
        for (Account account : accountsOf(tenant, apiKeyId)) {
            account.roll(day, month);
            BudgetLimits.Limit limit = limits.of(account.key.scope(), account.key.owner());
            if (limit == null) continue;
            tightest = tighter(tightest, account, limit.daily(), account.dayCommitted(), "daily");
            tightest = tighter(tightest, account, limit.monthly(), account.monthCommitted(), "monthly");
        }
        return tightest;
    }

    /** @param budget e.g. {@code the daily budget of tenant 'acme' (5.00)} */
    public record Headroom(Cost left, String budget) {}

    private static Headroom tighter(Headroom current, Account account, Cost limit, long committed, String period) {
        if (limit == null) return current;
        Cost left = new Cost(Math.max(0, limit.nanos() - committed));
        if (current != null && current.left().compareTo(left) <= 0) return current;
        return new Headroom(left, "the " + period + " budget of " + account.key.scope().wireName() + " '"
                + account.key.owner() + "' (" + limit + ")");
    }

    /** Spent (settled) in the period that contains {@code now}; reservations in flight not included. */
    public synchronized Cost spent(BudgetScope scope, String owner, Period period, Instant now) {
        Account account = accounts.get(new Account.Key(scope, owner));
        if (account == null) {
            return Cost.ZERO;
        }
        LocalDate day = LocalDate.ofInstant(now, zone);
        account.roll(day, YearMonth.from(day));
        return new Cost(period == Period.DAY ? account.daySpent : account.monthSpent);
    }

    /** Spent plus reserved now, for tests and metrics. */
    public synchronized Cost committed(BudgetScope scope, String owner, Period period, Instant now) {
        Account account = accounts.get(new Account.Key(scope, owner));
        if (account == null) {
            return Cost.ZERO;
        }
        LocalDate day = LocalDate.ofInstant(now, zone);
        account.roll(day, YearMonth.from(day));
        return new Cost(period == Period.DAY ? account.dayCommitted() : account.monthCommitted());
    }

    private List<Account> accountsOf(String tenant, String apiKeyId) {
        List<Account> list = new ArrayList<>(2);
        if (tenant != null) list.add(accounts.computeIfAbsent(new Account.Key(BudgetScope.TENANT, tenant), Account::new));
        if (apiKeyId != null) list.add(accounts.computeIfAbsent(new Account.Key(BudgetScope.API_KEY, apiKeyId), Account::new));
        return list;
    }

    private void check(Account account, Period period, Cost limit, long committed, Cost needed, Instant now,
            LocalDate day, YearMonth month) {
        if (limit != null && committed + needed.nanos() > limit.nanos()) {
            Instant resets = period == Period.DAY ? day.plusDays(1).atStartOfDay(zone).toInstant()
                    : month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
            throw new BudgetExhaustedException(account.key.scope(), account.key.owner(), period, limit,
                    new Cost(committed), needed, resets, now);
        }
    }

    /** Moves a reservation to spent (settle) or drops it (release); called once by {@link Reservation}. */
    synchronized void close(List<Account> charged, Cost reserved, Cost actual, LocalDate day, YearMonth month) {
        for (Account account : charged) {
            // a request that ran over midnight is booked in the period it reserved in, if that is still current
            if (day.equals(account.day)) {
                account.dayReserved -= reserved.nanos();
                account.daySpent += actual.nanos();
            }
            if (month.equals(account.month)) {
                account.monthReserved -= reserved.nanos();
                account.monthSpent += actual.nanos();
            }
        }
    }

    /** One owner's running totals for the current day and month. */
    static final class Account {
        record Key(BudgetScope scope, String owner) {}

        final Key key;
        LocalDate day;
        YearMonth month;
        long daySpent;
        long dayReserved;
        long monthSpent;
        long monthReserved;

        Account(Key key) {
            this.key = key;
        }

        void roll(LocalDate today, YearMonth thisMonth) {
            if (!today.equals(day)) {
                day = today;
                daySpent = 0;
                dayReserved = 0;
            }
            if (!thisMonth.equals(month)) {
                month = thisMonth;
                monthSpent = 0;
                monthReserved = 0;
            }
        }

        long dayCommitted() {
            return daySpent + dayReserved;
        }

        long monthCommitted() {
            return monthSpent + monthReserved;
        }
    }
}
