package dev.gatehouse.router.access;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.manifest.yaml.YamlDocument;
import dev.gatehouse.manifest.yaml.YamlNode;
import dev.gatehouse.router.escalation.BudgetLimits;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.privacy.DataClass;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a keys file and reports every violation at once with its key path ({@code tenants.acme.rateLimit}). */
final class KeysFileReader {
    // sorted, as the unknown-key message lists them
    private static final List<String> ROOT_KEYS = List.of("keys", "tenants");
    private static final List<String> TENANT_KEYS = List.of("allowedTargets", "budget", "dataClass", "rateLimit",
            "tier");
    private static final List<String> BUDGET_KEYS = List.of("daily", "monthly");
    private static final List<String> RATE_KEYS = List.of("concurrentStreams", "requestsPerMinute", "tokensPerMinute");
    private static final List<String> KEY_KEYS = List.of("admin", "created", "id", "sha256", "tenant");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final BigDecimal MAX_AMOUNT = BigDecimal.valueOf(1_000_000_000);

    private final List<Violation> violations = new ArrayList<>();
    private final Path file;

    private KeysFileReader(Path file) {
        this.file = file;
    }

    /** @throws ConfigException naming the file and every violation */
    static KeysFile read(Path file) {
        return new KeysFileReader(file).read();
    }

    private KeysFile read() {
        if (!Files.exists(file)) {
            throw new ConfigException(file.toString(), List.of(new Violation("keys", "no keys file " + file
                    + " (create one with: gatehouse keys add --keys " + file + " --tenant NAME)")));
        }
        YamlDocument document = YamlDocument.read(file);
        if (document.isEmpty()) {
            return KeysFile.empty();
        }
        if (!document.isMapping()) {
            violations.add(new Violation("(root)", "must be a mapping, was " + document.describeRoot()));
            throw failure();
        }
        YamlNode root = document.top(violations);
        root.rejectUnknownKeys(ROOT_KEYS);
        Map<String, TenantAccess> tenants = new LinkedHashMap<>();
        YamlNode t = root.mapping("tenants");
        if (t != null) {
            for (String name : t.keys()) {
                TenantAccess tenant = tenant(name, t);
                if (tenant != null) tenants.put(name, tenant);
            }
        }
        List<StoredKey> keys = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (YamlNode k : root.mappings("keys")) {
            StoredKey key = key(k, tenants, ids, hashes);
            if (key != null) keys.add(key);
        }
        if (!violations.isEmpty()) throw failure();
        return new KeysFile(tenants, keys);
    }

    private ConfigException failure() {
        return new ConfigException(file.toString(), violations);
    }

    private TenantAccess tenant(String id, YamlNode tenants) {
        if (!NAME.matcher(id).matches()) {
            tenants.violation(YamlNode.bounded(id), "a tenant name is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (!tenants.has(id)) return TenantAccess.named(id);
        YamlNode n = tenants.mapping(id);
        if (n == null) return null;
        n.rejectUnknownKeys(TENANT_KEYS);
        String tier = n.string("tier");
        DataClass dataClass = null;
        String cls = n.string("dataClass");
        if (cls != null) {
            dataClass = DataClass.fromWireName(cls).orElse(null);
            if (dataClass == null) {
                n.violation("dataClass", "must be one of public, internal, confidential, restricted, was \""
                        + YamlNode.bounded(cls) + "\"");
            }
        }
        List<String> allowed = n.strings("allowedTargets").stream().map(String::strip).toList();
        return new TenantAccess(id, tier == null ? TenantAccess.DEFAULT_TIER : tier.strip(), dataClass, allowed,
                budget(n.mapping("budget")), rateLimit(n.mapping("rateLimit")));
    }

    private BudgetLimits.Limit budget(YamlNode n) {
        if (n == null) return null;
        n.rejectUnknownKeys(BUDGET_KEYS);
        return new BudgetLimits.Limit(money(n, "daily"), money(n, "monthly"));
    }

    /** An exact decimal amount: money is not read through a double. */
    private static Cost money(YamlNode n, String key) {
        var value = n.get(key);
        if (value == null || value.isNull()) return null;
        if (!value.isNumber() || value.decimalValue().signum() < 0 || value.decimalValue().compareTo(MAX_AMOUNT) > 0) {
            n.violation(key, "must be an amount between 0 and 1000000000, was " + YamlNode.describe(value));
            return null;
        }
        return Cost.of(value.decimalValue());
    }

    private static RateLimit rateLimit(YamlNode n) {
        if (n == null) return RateLimit.none();
        n.rejectUnknownKeys(RATE_KEYS);
        return new RateLimit(n.integer("requestsPerMinute", 1, 100_000_000),
                n.integer("tokensPerMinute", 1, 100_000_000), n.integer("concurrentStreams", 1, 100_000_000));
    }

    private static StoredKey key(YamlNode n, Map<String, TenantAccess> tenants, Set<String> ids, Set<String> hashes) {
        n.rejectUnknownKeys(KEY_KEYS);
        String id = stripped(n.string("id"));
        String tenant = stripped(n.string("tenant"));
        String sha = stripped(n.string("sha256"));
        if (id == null) n.violation("id", "is required");
        else if (!ids.add(id)) n.violation("id", "'" + YamlNode.bounded(id) + "' is used twice");
        if (tenant == null) n.violation("tenant", "is required");
        else if (!tenants.containsKey(tenant)) {
            n.violation("tenant", "'" + YamlNode.bounded(tenant) + "' is not declared under tenants");
        }
        if (sha == null || !SHA256.matcher(sha).matches()) {
            n.violation("sha256", "must be 64 lower-case hex digits (the key's SHA-256)");
        } else if (!hashes.add(sha)) {
            n.violation("sha256", "the same key is listed twice");
        }
        Boolean admin = n.bool("admin");
        Instant created = null;
        String when = stripped(n.string("created"));
        if (when != null) {
            try {
                created = Instant.parse(when);
            } catch (DateTimeParseException e) {
                n.violation("created", "must be an ISO-8601 instant, was '" + YamlNode.bounded(when) + "'");
            }
        }
        if (id == null || tenant == null || sha == null || !tenants.containsKey(tenant)) return null;
        return new StoredKey(id, tenant, sha, Boolean.TRUE.equals(admin), created);
    }

    private static String stripped(String text) {
        return text == null ? null : text.strip();
    }
}
