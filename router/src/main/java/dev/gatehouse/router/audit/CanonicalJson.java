package dev.gatehouse.router.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one text of a JSON value that the chain hashes: object keys sorted, no whitespace, Jackson's string escaping.
 * Audit entries hold only strings, booleans, integers and nulls (money is written as a decimal string), so a parse
 * and re-serialisation gives the same bytes.
 */
final class CanonicalJson {

    /**
     * Writes every object's keys sorted, nested ones too, as it goes: the audit writer used to copy each entry into a
     * sorted tree first, twice per entry (once to hash it, once to write it).
     */
    static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();
    /** The {@code prev} of the first entry. */
    static final String GENESIS = "0".repeat(64);

    private CanonicalJson() {}

    static String of(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** SHA-256 (hex) of the previous entry's hash followed by this entry's canonical JSON without its hash. */
    static String chainHash(String prev, ObjectNode entryWithoutHash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prev.getBytes(StandardCharsets.US_ASCII));
            // the text's UTF-8, not Jackson's byte writer: that one splits characters beyond the BMP (emoji) into two
            // three-byte halves, and every chain on disk was hashed over the text
            sha.update(of(entryWithoutHash).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
