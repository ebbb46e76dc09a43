package dev.gatehouse.router.escalation;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.inference.UnsupportedOptionException;
import dev.gatehouse.inference.provider.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Tries the decision's targets in order until one starts answering. A target "answers" when its stream returned,
 * i.e. its first token is in (see {@link dev.gatehouse.inference.provider.ProviderClient}); failures before that move
 * on to the next target, failures after it travel in the stream. The result says which target answered and why the
 * ones before it did not.
 *
 * @param <T> the decision's target type (a provider model or a local model)
 */
public final class FallbackChain<T> {

    private static final Logger LOG = Logger.getLogger(FallbackChain.class.getName());

    /** Starts one target; throws to say it cannot answer. */
    @FunctionalInterface
    public interface Attempt<T> {
        TokenStream start(T target);
    }

    public record Failure<T>(T target, RuntimeException error) {}

    /** @param failures the targets tried before {@code target}, in order, with their errors */
    public record Answer<T>(T target, TokenStream tokens, List<Failure<T>> failures) {}

    private final Attempt<T> attempt;

    public FallbackChain(Attempt<T> attempt) {
        this.attempt = attempt;
    }

    /**
     * @throws NoTargetAnsweredException when every target failed in a way that allows a fallback
     * @throws RuntimeException          the first failure that does not allow one (e.g. a bad request), as is
     */
    public Answer<T> run(List<T> targets) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no targets to try");
        }
        List<Failure<T>> failures = new ArrayList<>();
        for (T target : targets) {
            try {
                return new Answer<>(target, attempt.start(target), List.copyOf(failures));
            } catch (RuntimeException e) {
                if (!allowsFallback(e)) {
                    throw e;
                }
                LOG.fine(() -> "target " + target + " failed (" + e.getMessage() + "), trying the next");
                failures.add(new Failure<>(target, e));
            }
        }
        throw new NoTargetAnsweredException(failures);
    }

    /**
     * Provider failures before the first token; local failures that another model may not have (not loaded, busy,
     * worker died, native error, prompt too long for this model, no such model); an exhausted budget or a full
     * escalation cap (the next target may be a free local one); a target that cannot honour a request field.
     */
    static boolean allowsFallback(RuntimeException e) {
        return switch (e) {
            case ProviderException p -> p.fallbackAllowed();
            case InferenceException i -> switch (i.kind()) {
                case MODEL_NOT_FOUND, MODEL_NOT_READY, OVERLOADED, WORKER_FAILED, NATIVE_FAILURE, CONTEXT_OVERFLOW ->
                        true;
                case WRONG_TASK, CANCELLED, PROVIDER_FAILED -> false;
            };
            case UnsupportedOptionException u -> true; // another target may honour the field
            case BudgetExhaustedException b -> true;
            case EscalationCappedException c -> true;
            case dev.gatehouse.router.tools.ToolFailedException t -> true; // the models behind the tool answer
            default -> false;
        };
    }
}
