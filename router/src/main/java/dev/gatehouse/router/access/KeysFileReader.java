package dev.gatehouse.router.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.router.escalation.BudgetLimits;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.privacy.DataClass;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a keys file and reports every violation at once with its key path ({@code tenants.acme.rateLimit}). */
final class KeysFileReader {

    private static final Set<String> ROOT_KEYS = Set.of("tenants", "keys");
    private static final Set<String> TENANT_KEYS = Set.of("tier", "dataClass", "allowedTargets", "budget",
            "rateLimit");
    private static final Set<String> BUDGET_KEYS = Set.of("daily", "monthly");
    private static final Set<String> RATE_KEYS = Set.of("requestsPerMinute", "tokensPerMinute", "concurrentStreams");
    private static final Set<String> KEY_KEYS = Set.of("id", "tenant", "sha256", "admin", "created");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

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
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of(new Violation("keys", "no keys file " + file
                    + " (create one with: gatehouse keys add --keys " + file + " --tenant NAME)")));
        } catch (JsonProcessingException e) {
            throw new ConfigException(file.toString(), List.of(new Violation("(file)", "is not valid YAML: "
                    + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new Violation("(file)", "cannot be read: "
                    + e.getClass().getSimpleName())));
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return KeysFile.empty();
        }
        if (!mapping(root, "(root)")) throw failure();
        unknown(root, "", ROOT_KEYS);
        Map<String, TenantAccess> tenants = new LinkedHashMap<>();
        JsonNode t = root.get("tenants");
        if (t != null && !t.isNull() && mapping(t, "tenants")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                var e = it.next();
                TenantAccess tenant = tenant(e.getKey(), e.getValue(), "tenants." + e.getKey());
                if (tenant != null) tenants.put(e.getKey(), tenant);
            }
        }
        List<StoredKey> keys = new ArrayList<>();
        JsonNode k = root.get("keys");
        if (k != null && !k.isNull()) {
            if (!k.isArray()) {
                violations.add(new Violation("keys", "must be a list, was " + k.getNodeType()));
            } else {
                Set<String> ids = new HashSet<>();
                Set<String> hashes = new HashSet<>();
                for (int i = 0; i < k.size(); i++) {
                    StoredKey key = key(k.get(i), "keys[" + i + "]", tenants, ids, hashes);
                    if (key != null) keys.add(key);
                }
            }
        }
        if (!violations.isEmpty()) throw failure();
        return new KeysFile(tenants, keys);
    }

    private ConfigException failure() {
        return new ConfigException(file.toString(), violations);
    }

    private TenantAccess tenant(String id, JsonNode n, String path) {
        if (!NAME.matcher(id).matches()) {
            violations.add(new Violation(path, "a tenant name is 1 to 64 letters, digits, '.', '_' or '-'"));
        }
        if (n == null || n.isNull()) return TenantAccess.named(id);
        if (!mapping(n, path)) return null;
        unknown(n, path + ".", TENANT_KEYS);
        String tier = text(n.get("tier"), path + ".tier");
        DataClass dataClass = null;
        String cls = text(n.get("dataClass"), path + ".dataClass");
        if (cls != null) {
            dataClass = DataClass.fromWireName(cls).orElse(null);
            if (dataClass == null) {
                violations.add(new Violation(path + ".dataClass", "must be one of public, internal, confidential, "
                        + "restricted, was \"" + cls + "\""));
            }
        }
        List<String> allowed = new ArrayList<>();
        JsonNode a = n.get("allowedTargets");
        if (a != null && !a.isNull()) {
            if (!a.isArray()) {
                violations.add(new Violation(path + ".allowedTargets", "must be a list of target ids or selectors"));
            } else {
                for (int i = 0; i < a.size(); i++) {
                    String target = text(a.get(i), path + ".allowedTargets[" + i + "]");
                    if (target != null) allowed.add(target);
                }
            }
        }
        return new TenantAccess(id, tier == null ? TenantAccess.DEFAULT_TIER : tier, dataClass, allowed,
                budget(n.get("budget"), path + ".budget"), rateLimit(n.get("rateLimit"), path + ".rateLimit"));
    }

    private BudgetLimits.Limit budget(JsonNode n, String path) {
        if (n == null || n.isNull() || !mapping(n, path)) return null;
        unknown(n, path + ".", BUDGET_KEYS);
        return new BudgetLimits.Limit(money(n.get("daily"), path + ".daily"), money(n.get("monthly"),
                path + ".monthly"));
    }

    private Cost money(JsonNode n, String path) {
        if (n == null || n.isNull()) return null;
        if (!n.isNumber() || n.decimalValue().compareTo(BigDecimal.ZERO) < 0
                || n.decimalValue().compareTo(BigDecimal.valueOf(1_000_000_000)) > 0) {
            violations.add(new Violation(path, "must be an amount between 0 and 1000000000, was " + brief(n)));
            return null;
        }
        return Cost.of(n.decimalValue());
    }

    private RateLimit rateLimit(JsonNode n, String path) {
        if (n == null || n.isNull() || !mapping(n, path)) return RateLimit.none();
        unknown(n, path + ".", RATE_KEYS);
        return new RateLimit(positive(n.get("requestsPerMinute"), path + ".requestsPerMinute"),
                positive(n.get("tokensPerMinute"), path + ".tokensPerMinute"),
                positive(n.get("concurrentStreams"), path + ".concurrentStreams"));
    }

    private Integer positive(JsonNode n, String path) {
        if (n == null || n.isNull()) return null;
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 1 || n.intValue() > 100_000_000) {
            violations.add(new Violation(path, "must be a whole number between 1 and 100000000, was " + brief(n)));
            return null;
        }
        return n.intValue();
    }

    private StoredKey key(JsonNode n, String path, Map<String, TenantAccess> tenants, Set<String> ids,
            Set<String> hashes) {
        if (!mapping(n, path)) return null;
        unknown(n, path + ".", KEY_KEYS);
        String id = text(n.get("id"), path + ".id");
        String tenant = text(n.get("tenant"), path + ".tenant");
        String sha = text(n.get("sha256"), path + ".sha256");
        if (id == null) violations.add(new Violation(path + ".id", "is required"));
        else if (!ids.add(id)) violations.add(new Violation(path + ".id", "'" + id + "' is used twice"));
        if (tenant == null) violations.add(new Violation(path + ".tenant", "is required"));
        else if (!tenants.containsKey(tenant)) {
            violations.add(new Violation(path + ".tenant", "'" + tenant + "' is not declared under tenants"));
        }
        if (sha == null || !SHA256.matcher(sha).matches()) {
            violations.add(new Violation(path + ".sha256", "must be 64 lower-case hex digits (the key's SHA-256)"));
        } else if (!hashes.add(sha)) {
            violations.add(new Violation(path + ".sha256", "the same key is listed twice"));
        }
        JsonNode admin = n.get("admin");
        if (admin != null && !admin.isNull() && !admin.isBoolean()) {
            violations.add(new Violation(path + ".admin", "must be true or false, was " + brief(admin)));
        }
        Instant created = null;
        String when = text(n.get("created"), path + ".created");
        if (when != null) {
            try {
                created = Instant.parse(when);
            } catch (DateTimeParseException e) {
                violations.add(new Violation(path + ".created", "must be an ISO-8601 instant, was " + brief(n.get("created"))));
            }
        }
        if (id == null || tenant == null || sha == null || !tenants.containsKey(tenant)) return null;
        return new StoredKey(id, tenant, sha, admin != null && admin.asBoolean(), created);
    }

    private boolean mapping(JsonNode n, String path) {
        if (n.isObject()) return true;
        violations.add(new Violation(path, "must be a mapping, was " + n.getNodeType()));
        return false;
    }

    private String text(JsonNode n, String path) {
        if (n == null || n.isNull()) return null;
        if (!n.isTextual() || n.asText().isBlank()) {
            violations.add(new Violation(path, "must be a non-empty string, was " + brief(n)));
            return null;
        }
        return n.asText().strip();
    }

    private void unknown(JsonNode n, String prefix, Set<String> known) {
        for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                violations.add(new Violation(prefix + brief(name), "unknown key, expected one of "
                        + known.stream().sorted().toList()));
            }
        }
    }

    /** At most 40 characters of what was written: a message never echoes unbounded input. */
    private static String brief(Object value) {
        String s = String.valueOf(value);
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
