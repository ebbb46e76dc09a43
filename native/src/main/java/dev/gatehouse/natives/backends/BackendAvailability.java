package dev.gatehouse.natives.backends;

import java.util.Objects;

/**
 * Whether this machine can run one backend.
 *
 * @param kind   the backend
 * @param usable true when everything it links against was found
 * @param detail when usable, what was found; otherwise what is missing and how to get it, in plain words
 */
public record BackendAvailability(BackendKind kind, boolean usable, String detail) {

    public BackendAvailability {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
