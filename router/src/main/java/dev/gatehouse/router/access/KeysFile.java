package dev.gatehouse.router.access;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys file: tenants with their limits, and the hashes of their API keys. Read by {@link KeysFileReader},
 * written by {@link KeysFileWriter}; holds no secret, but is written owner-only all the same.
 *
 * @param tenants by id, in file order
 */
public record KeysFile(Map<String, TenantAccess> tenants, List<StoredKey> keys) {

    public KeysFile {
        tenants = Collections.unmodifiableMap(new LinkedHashMap<>(tenants));
        keys = List.copyOf(keys);
        for (StoredKey k : keys) {
            if (!tenants.containsKey(k.tenant())) {
                throw new IllegalArgumentException("key " + k.id() + " names tenant " + k.tenant()
                        + ", which is not declared");
            }
        }
    }

    public static KeysFile empty() {
        return new KeysFile(Map.of(), List.of());
    }

    public static KeysFile read(Path file) {
        return KeysFileReader.read(file);
    }

    /** This file with one more key, its tenant declared with defaults if it was not. */
    public KeysFile with(StoredKey key) {
        var newTenants = new LinkedHashMap<>(tenants);
        newTenants.putIfAbsent(key.tenant(), TenantAccess.named(key.tenant()));
        var newKeys = new ArrayList<>(keys);
        newKeys.add(key);
        return new KeysFile(newTenants, newKeys);
    }
}
