package dev.gatehouse.router.access;

/**
 * How much one API key may ask for; a null field means no limit of that kind.
 *
 * @param requestsPerMinute requests of any kind that need a key
 * @param tokensPerMinute   prompt plus completion tokens, counted when each answer is done
 * @param concurrentStreams chat requests of the key in flight at once
 */
public record RateLimit(Integer requestsPerMinute, Integer tokensPerMinute, Integer concurrentStreams) {

    public static RateLimit none() {
        return new RateLimit(null, null, null);
    }
}
