package dev.gatehouse.router.access;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The access part of the configuration: {@code auth}, {@code keys} (or {@code serve --keys}) and {@code openViews}.
 *
 * @param auth      what the operator wrote, or null when nothing was written
 * @param keys      the keys file, or null
 * @param openViews read-only views reachable without a key
 */
public record AccessSettings(AuthMode auth, Path keys, Set<View> openViews) {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    public AccessSettings {
        openViews = Set.copyOf(openViews);
    }

    public static AccessSettings defaults() {
        return new AccessSettings(null, null, Set.of());
    }

    /** How the server will be reached, once {@link #violation} found nothing wrong with it. */
    public Exposure exposure() {
        if (keys != null) return Exposure.KEYS;
        if (auth == AuthMode.OPEN) return Exposure.OPEN;
        return Exposure.LOOPBACK_WITHOUT_KEYS;
    }

    /**
     * What is wrong with serving on {@code host} under these settings: {@code auth: keys} without a keys file,
     * {@code auth: open} together with one, or a non-loopback interface without keys and without {@code auth: open}.
     */
    public Optional<String> violation(String host) {
        if (auth == AuthMode.KEYS && keys == null) {
            return Optional.of("auth: keys needs a keys file (keys: FILE or serve --keys FILE; create one with "
                    + "gatehouse keys add --keys FILE --tenant NAME)");
        }
        if (auth == AuthMode.OPEN && keys != null) {
            return Optional.of("auth: open contradicts the keys file " + keys + "; remove one of them");
        }
        if (keys == null && auth != AuthMode.OPEN && !isLoopback(host)) {
            return Optional.of("host " + host + " is reachable from other machines and no API keys are configured; "
                    + "set keys: FILE (gatehouse keys add --keys FILE --tenant NAME), bind host: 127.0.0.1, or "
                    + "write auth: open to serve everyone without a key");
        }
        return Optional.empty();
    }

    /** Literal loopback addresses and {@code localhost}; no name is resolved (no DNS at startup). */
    static boolean isLoopback(String host) {
        String h = host.strip();
        if (h.equals("localhost") || IPV4_LOOPBACK.matcher(h).matches()) return true;
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.contains(":") && h.matches("[0-9a-fA-F:.]+")) {
            try {
                return InetAddress.getByName(h).isLoopbackAddress(); // an IPv6 literal: parsed, never looked up
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** How requests are let in. */
    public enum Exposure {
        /** A valid key on every request but health probes. */
        KEYS,
        /** No keys, and only this machine can connect. */
        LOOPBACK_WITHOUT_KEYS,
        /** No keys on purpose ({@code auth: open}), whatever the interface. */
        OPEN;

        public String wireName() {
            return switch (this) {
                case KEYS -> "keys";
                case LOOPBACK_WITHOUT_KEYS -> "loopback";
                case OPEN -> "open";
            };
        }
    }
}
