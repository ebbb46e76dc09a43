package dev.gatehouse.router.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a keys file whole: to a temporary file beside it (owner read/write only), then renamed over it, so a
 * crash leaves the old file or the new one, never half of one. Comments in the old file are not kept.
 */
final class KeysFileWriter {

    // every string quoted: a key id such as 12345678 or 1e234567 would otherwise be read back as a number
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private KeysFileWriter() {}

    static void write(Path file, KeysFile keys) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".keys-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, "# Gatehouse API keys: SHA-256 hashes only (gatehouse keys add writes this file)\n"
                    + YAML.writeValueAsString(tree(keys)));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static ObjectNode tree(KeysFile keys) {
        ObjectNode root = YAML.createObjectNode();
        ObjectNode tenants = root.putObject("tenants");
        for (TenantAccess t : keys.tenants().values()) {
            ObjectNode n = tenants.putObject(t.id());
            n.put("tier", t.tier());
            if (t.dataClass() != null) n.put("dataClass", t.dataClass().wireName());
            if (!t.allowedTargets().isEmpty()) t.allowedTargets().forEach(n.putArray("allowedTargets")::add);
            if (t.budget() != null) {
                ObjectNode b = n.putObject("budget");
                if (t.budget().daily() != null) b.put("daily", t.budget().daily().units());
                if (t.budget().monthly() != null) b.put("monthly", t.budget().monthly().units());
            }
            RateLimit r = t.rateLimit();
            if (!r.equals(RateLimit.none())) {
                ObjectNode l = n.putObject("rateLimit");
                if (r.requestsPerMinute() != null) l.put("requestsPerMinute", r.requestsPerMinute());
                if (r.tokensPerMinute() != null) l.put("tokensPerMinute", r.tokensPerMinute());
                if (r.concurrentStreams() != null) l.put("concurrentStreams", r.concurrentStreams());
            }
        }
        var list = root.putArray("keys");
        for (StoredKey k : keys.keys()) {
            ObjectNode n = list.addObject().put("id", k.id()).put("tenant", k.tenant()).put("sha256", k.sha256())
                    .put("admin", k.admin());
            if (k.created() != null) n.put("created", k.created().toString());
        }
        return root;
    }
}
