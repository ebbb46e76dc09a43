package dev.gatehouse.router.escalation;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Money held for one request in flight. Exactly one of {@link #settle} and {@link #release} takes effect; later
 * calls do nothing, so a {@code finally { release(); }} after a settle is safe.
 */
public final class Reservation implements AutoCloseable {
    private final BudgetLedger ledger;
    private final List<BudgetLedger.Account> charged;
    private final Cost reserved;
    private final LocalDate day;
    private final YearMonth month;
    private final AtomicBoolean closed = new AtomicBoolean();

    Reservation(BudgetLedger ledger, List<BudgetLedger.Account> charged, Cost reserved, LocalDate day,
            YearMonth month) {
        this.ledger = ledger;
        this.charged = charged;
        this.reserved = reserved;
        this.day = day;
        this.month = month;
    }

    public Cost reserved() {
        return reserved;
    }

    /** Books the real cost (from the provider's token counts) in place of the reservation. */
    public void settle(Cost actual) {
        if (closed.compareAndSet(false, true)) {
            ledger.close(charged, reserved, actual, day, month);
        }
    }

    /** The call failed before costing anything: gives the reservation back. */
    public void release() {
        settle(Cost.ZERO);
    }

    /** Same as {@link #release()} when neither happened yet. */
    @Override
    public void close() {
        release();
    }
}
