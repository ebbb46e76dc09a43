package dev.gatehouse.router.metrics;

import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.Target;
import java.util.Locale;

/** Where a decision sent a request: a model on the premises, an approved provider (an escalation), or nowhere. */
public enum RoutedTo {
    LOCAL,
    PROVIDER,
    REFUSED;

    public static RoutedTo of(Decision decision, Policy policy) {
        if (decision.refused()) return REFUSED;
        return policy.target(decision.target()).map(Target::local).orElse(true) ? LOCAL : PROVIDER;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
