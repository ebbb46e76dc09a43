package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing of the request parsers behind {@code /v1/chat/completions}, {@code /v1/route} (the same parser) and
 * {@code /v1/embeddings}: bodies built from the OpenAI field names with hostile values, and a valid body with its
 * text damaged. Whatever the parser throws must map, through the one error mapping, to a 4xx naming the problem in
 * a bounded message: never a 500 (an unexpected exception) and never an echo of a long value.
 */
class RequestParsingFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KEYS = List.of("model", "messages", "role", "content", "name", "type", "text",
            "stream", "stream_options", "include_usage", "max_tokens", "max_completion_tokens", "temperature",
            "top_p", "seed", "stop", "n", "user", "tools", "tool_choice", "function", "parameters", "description",
            "tool_calls", "tool_call_id", "id", "arguments", "parallel_tool_calls", "response_format", "json_schema",
            "schema", "strict", "logprobs", "top_logprobs", "logit_bias", "presence_penalty", "frequency_penalty",
            "input", "encoding_format", "dimensions", "image_url", "properties", "required", "enum", "items");
    private static final List<Object> SCALARS = List.of("", "x", "user", "system", "assistant", "tool",
            "developer", "text", "function", "json_object", "json_schema", "auto", "none", "required", "float",
            "base64", "string", "object", "array", "integer", "\u0000", "\ud800", "é".repeat(3), "z".repeat(70_000),
            0, 1, -1, 2, 3, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1e308, -1e308, 0.5, -0.0, 2.5,
            true, false);
    private static final String VALID = """
            {"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text",\
            "text":"hi"}]},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f",\
            "arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"42"}],"stream":true,\
            "stream_options":{"include_usage":true},"max_tokens":5,"temperature":0.2,"top_p":0.9,"seed":7,\
            "stop":["x"],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object",\
            "properties":{"a":{"type":"string","enum":["b"]}},"required":["a"]}}}],"tool_choice":"auto",\
            "response_format":{"type":"json_schema","json_schema":{"name":"s","schema":{"type":"object"}}},\
            "logprobs":true,"top_logprobs":2,"logit_bias":{"5":-100}}""";

    @Property
    void aGeneratedChatBodyParsesOrIsAClientErrorNamingTheRule(@ForAll("chatBodies") String body) throws Exception {
        assertParsedOrRefused(JSON.readTree(body), ChatCompletionParser::parse);
    }

    @Property
    void aGeneratedEmbeddingsBodyParsesOrIsAClientErrorNamingTheRule(@ForAll("embeddingBodies") String body)
            throws Exception {
        assertParsedOrRefused(JSON.readTree(body), EmbeddingsRequest::parse);
    }

    @Property
    void aDamagedValidChatBodyParsesOrIsAClientErrorNamingTheRule(@ForAll("damagedChatBodies") String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (Exception e) {
            return; // not JSON at all: JsonBody's own test covers that path
        }
        if (node != null) {
            assertParsedOrRefused(node, ChatCompletionParser::parse);
        }
    }

    private static void assertParsedOrRefused(JsonNode body, Consumer<JsonNode> parser) {
        try {
            parser.accept(body);
        } catch (RuntimeException e) {
            ApiError error = ErrorMapping.map(e, "fuzz");
            assertThat(error.status()).as("%s for %s", e, cut(body.toString())).isBetween(400, 499);
            assertThat(error.message()).hasSizeLessThanOrEqualTo(ApiError.MAX_MESSAGE);
        }
    }

    private static String cut(String text) {
        return text.length() < 3000 ? text : text.substring(0, 3000) + "…";
    }

    @Provide
    Arbitrary<String> chatBodies() {
        return bodies(random -> {
            Map<String, Object> body = mapping(random, 0);
            if (random.nextBoolean()) {
                List<Object> messages = new ArrayList<>();
                for (int i = random.nextInt(4); i >= 0; i--) messages.add(mapping(random, 2));
                body.put("messages", messages);
            }
            return body;
        });
    }

    @Provide
    Arbitrary<String> embeddingBodies() {
        return bodies(random -> {
            Map<String, Object> body = mapping(random, 2);
            body.put("input", random.nextBoolean() ? node(random, 3) : SCALARS.get(random.nextInt(SCALARS.size())));
            return body;
        });
    }

    @Provide
    Arbitrary<String> damagedChatBodies() {
        String punctuation = "{}[]\",:0-9eE.tfn\\ ";
        return Arbitraries.randomValue(random -> {
            StringBuilder text = new StringBuilder(VALID);
            for (int edits = 1 + random.nextInt(4); edits > 0 && !text.isEmpty(); edits--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(12)));
                    case 1 -> text.insert(at, punctuation.charAt(random.nextInt(punctuation.length())));
                    default -> text.setCharAt(at, punctuation.charAt(random.nextInt(punctuation.length())));
                }
            }
            return text.toString();
        });
    }

    private static Arbitrary<String> bodies(java.util.function.Function<Random, Object> builder) {
        return Arbitraries.randomValue(random -> {
            try {
                return JSON.writeValueAsString(builder.apply(random));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Object node(Random random, int depth) {
        int pick = random.nextInt(10);
        if (depth < 5 && pick < 4) return mapping(random, depth + 1);
        if (depth < 5 && pick < 7) {
            List<Object> list = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) list.add(node(random, depth + 1));
            return list;
        }
        return random.nextInt(15) == 0 ? null : SCALARS.get(random.nextInt(SCALARS.size()));
    }

    private static Map<String, Object> mapping(Random random, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 1 + random.nextInt(6); i > 0; i--) {
            map.put(KEYS.get(random.nextInt(KEYS.size())), node(random, depth));
        }
        return map;
    }
}
