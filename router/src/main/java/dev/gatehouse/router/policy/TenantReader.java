package dev.gatehouse.router.policy;

import dev.gatehouse.manifest.yaml.YamlNode;
import dev.gatehouse.router.privacy.DataClass;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code tenants} list. API keys are written as {@code sha256:HEX} (preferred: the file then holds no
 * secret) or in plain text, which is hashed on reading.
 */
final class TenantReader {

    static final List<String> KEYS = List.of("id", "tier", "apiKeys", "dataClass");
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-fA-F]{64}");

    private TenantReader() {}

    static List<Tenant> read(List<YamlNode> nodes) {
        List<Tenant> tenants = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (YamlNode n : nodes) {
            n.rejectUnknownKeys(KEYS);
            String id = n.string("id");
            if (id == null && !n.has("id")) n.violation("id", "is required");
            if (id != null && !ids.add(id)) n.violation("id", "'" + id + "' is declared twice");
            String tier = n.has("tier") ? n.string("tier") : "standard";
            List<String> hashes = new ArrayList<>();
            List<String> written = n.strings("apiKeys");
            for (int i = 0; i < written.size(); i++) {
                String k = written.get(i).strip();
                String hash = SHA256.matcher(k).matches() ? k.substring(7).toLowerCase(Locale.ROOT) : Policy.sha256(k);
                if (!keys.add(hash)) {
                    n.violations().add(new dev.gatehouse.manifest.Violation(n.path("apiKeys") + "[" + i + "]",
                            "this key already belongs to another tenant"));
                }
                hashes.add(hash);
            }
            DataClass dataClass = n.has("dataClass") ? n.enumValue("dataClass", DataClass.class) : null;
            if (id != null) tenants.add(new Tenant(id, tier, hashes, dataClass));
        }
        return tenants;
    }
}
