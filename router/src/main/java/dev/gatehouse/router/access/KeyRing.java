package dev.gatehouse.router.access;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The keys of a {@link KeysFile}, ready to check presented keys: each is compared by hash with
 * {@link MessageDigest#isEqual} (constant time), against every stored key, so the time taken says nothing about how
 * close a guess came or which key matched.
 */
final class KeyRing {

    private record Entry(byte[] sha256, Caller caller) {}

    private final List<Entry> entries = new ArrayList<>();

    KeyRing(KeysFile file) {
        for (StoredKey key : file.keys()) {
            TenantAccess tenant = file.tenants().get(key.tenant());
            entries.add(new Entry(HexFormat.of().parseHex(key.sha256()), new Caller(tenant.id(), tenant.tier(),
                    tenant.dataClass(), java.util.Set.copyOf(tenant.allowedTargets()), key.id(), key.admin())));
        }
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The caller a presented key belongs to, if it is one of ours. */
    Optional<Caller> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > ApiKeys.MAX_PRESENTED_LENGTH) {
            return Optional.empty();
        }
        byte[] hash = ApiKeys.sha256(presented);
        Caller found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.sha256, hash)) {
                found = e.caller;
            }
        }
        return Optional.ofNullable(found);
    }
}
