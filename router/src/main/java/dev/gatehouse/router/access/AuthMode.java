package dev.gatehouse.router.access;

import java.util.Locale;
import java.util.Optional;

/** The config's {@code auth} key. */
public enum AuthMode {
    /** Every request but health probes needs a key from the keys file. */
    KEYS,
    /** No keys at all, chosen explicitly: allowed on any interface and announced loudly. */
    OPEN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AuthMode> fromWireName(String name) {
        for (AuthMode m : values()) if (m.wireName().equals(name)) return Optional.of(m);
        return Optional.empty();
    }
}
