package dev.gatehouse.router.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The canonical text is what every audit chain on disk was hashed over: it must not change. These compare it with the
 * plain definition (a copy of the tree with every object's keys sorted, written without whitespace) on random
 * entries shaped like audit entries.
 */
class CanonicalJsonTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    @Property(tries = 300)
    void theCanonicalTextIsTheTreeWithEveryObjectsKeysSorted(@ForAll long seed) throws Exception {
        ObjectNode entry = randomObject(new Random(seed), 0);

        assertThat(CanonicalJson.of(entry)).isEqualTo(PLAIN.writeValueAsString(sortedCopy(entry)));
    }

    @Property(tries = 300)
    void theChainHashIsSha256OfThePreviousHashAndTheCanonicalText(@ForAll long seed) throws Exception {
        ObjectNode entry = randomObject(new Random(seed), 0);
        String prev = CanonicalJson.GENESIS;

        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(prev.getBytes(StandardCharsets.US_ASCII));
        sha.update(PLAIN.writeValueAsString(sortedCopy(entry)).getBytes(StandardCharsets.UTF_8));
        assertThat(CanonicalJson.chainHash(prev, entry)).isEqualTo(HexFormat.of().formatHex(sha.digest()));
    }

    private static ObjectNode randomObject(Random r, int depth) {
        ObjectNode o = PLAIN.createObjectNode();
        int fields = r.nextInt(8);
        for (int i = 0; i < fields; i++) {
            String key = key(r);
            switch (depth < 2 ? r.nextInt(7) : r.nextInt(5)) {
                case 0 -> o.put(key, r.nextLong());
                case 1 -> o.put(key, r.nextBoolean());
                case 2 -> o.putNull(key);
                case 3, 4 -> o.put(key, text(r));
                case 5 -> o.set(key, randomObject(r, depth + 1));
                default -> {
                    ArrayNode a = o.putArray(key);
                    int n = r.nextInt(4);
                    for (int j = 0; j < n; j++) {
                        if (r.nextBoolean()) a.add(text(r)); else a.add(randomObject(r, depth + 1));
                    }
                }
            }
        }
        return o;
    }

    private static String key(Random r) {
        String[] words = {"kind", "decisionId", "tenant", "target", "gatesFailed", "Gate", "a", "b", "ä", "z1", "z10",
            "z2", "cost", "_x", "Zeta"};
        return words[r.nextInt(words.length)] + (r.nextInt(4) == 0 ? "" + r.nextInt(100) : "");
    }

    private static String text(Random r) {
        String[] parts = {"plain", "quote\"d", "back\\slash", "line\nbreak", "tab\t", "ünïcödé", "\u0001", "€", "😀"};
        return parts[r.nextInt(parts.length)] + r.nextInt(1000);
    }

    private static JsonNode sortedCopy(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode out = PLAIN.createObjectNode();
            for (String n : names) out.set(n, sortedCopy(node.get(n)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = PLAIN.createArrayNode();
            node.forEach(e -> out.add(sortedCopy(e)));
            return out;
        }
        return node;
    }
}
