package dev.gatehouse.router.access;

/**
 * Registered in a keyed request's context by {@link AccessFilter}: the request path reports the tokens of the
 * answer here when it is done ({@code req.context().get(TokenCharge.class).ifPresent(c -> c.charge(n))}), and
 * they count against the key's tokens per minute.
 */
public final class TokenCharge {

    private final RateLimiter limiter;
    private final String keyId;

    TokenCharge(RateLimiter limiter, String keyId) {
        this.limiter = limiter;
        this.keyId = keyId;
    }

    /** @param tokens prompt plus completion tokens; zero or less charges nothing */
    public void charge(long tokens) {
        limiter.charge(keyId, tokens);
    }
}
