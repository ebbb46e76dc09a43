package dev.gatehouse.router.escalation;

import dev.gatehouse.inference.provider.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every target of a request failed before its first token. */
public final class NoTargetAnsweredException extends RuntimeException {

    private final List<? extends FallbackChain.Failure<?>> failures;

    NoTargetAnsweredException(List<? extends FallbackChain.Failure<?>> failures) {
        super("no target answered: " + failures.stream().map(f -> f.target() + " (" + f.error().getMessage() + ")")
                .collect(Collectors.joining("; ")));
        this.failures = List.copyOf(failures);
        failures.forEach(f -> addSuppressed(f.error()));
    }

    public List<? extends FallbackChain.Failure<?>> failures() {
        return failures;
    }

    /** The last target's failure: what the client is told about (status, Retry-After). */
    public RuntimeException last() {
        return failures.getLast().error();
    }

    /** The soonest any target said it may answer again, for {@code Retry-After}. */
    public Optional<Duration> retryAfter() {
        return failures.stream().map(f -> switch (f.error()) {
            case ProviderException p -> p.retryAfter().orElse(null);
            case BudgetExhaustedException b -> b.retryAfter();
            case dev.gatehouse.inference.InferenceException i -> i.retryAfter().orElse(null);
            default -> null;
        }).filter(d -> d != null).min(Duration::compareTo);
    }
}
