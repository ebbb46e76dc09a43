package dev.gatehouse.natives;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Fixed inputs whose MiniLM vectors are pinned in {@code minilm-pinned-vectors.txt}: the difficulty model's weights
 * and the category examples were computed with these vectors, so a speed-up must not move them. The long ones
 * exercise truncation to 256 word pieces from text of every shape (prose, indented code, no whitespace at all).
 */
final class PinnedEmbeddingTexts {

    /** The ~512-token coding prompt of the decision benchmark (454 word pieces before truncation). */
    static final String CODING_PROMPT = ("I have a Spring Boot service that reads orders from a Kafka topic and writes "
            + "them to Postgres. Under load the consumer lags and some orders are written twice. Here is the listener: "
            + "```java\n@KafkaListener(topics = \"orders\")\npublic void on(Order o) { repo.save(o); ack(); }\n```\n"
            + "Explain why duplicates happen, how to make the write idempotent, and rewrite the listener with batch "
            + "inserts and manual offset commits. ").repeat(4);

    private PinnedEmbeddingTexts() {
    }

    /** Name to text, in file order. */
    static Map<String, String> all() {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("short-sentence", "The cat sits on the mat.");
        texts.put("empty", "");
        texts.put("non-ascii", "Übermäßig große Dateien – 東京の天気は？ café naïve 😀 ﬁnance Ⅻ");
        texts.put("coding-prompt-512-tokens", CODING_PROMPT);
        texts.put("indented-code-60kb", IntStream.range(0, 1500)
                .mapToObj(i -> "        int value" + i + " = compute(" + i + ", \"k" + (i * 7919 % 1000) + "\");\n")
                .collect(Collectors.joining()));
        texts.put("prose-50kb", IntStream.range(0, 700)
                .mapToObj(i -> "Paragraph " + i + ": the quarterly report for region " + (i % 13)
                        + " shows revenue growth of " + (i % 9) + "." + (i % 7) + " percent.\n\t")
                .collect(Collectors.joining()));
        texts.put("no-whitespace-20kb", "x,y;".repeat(5000));
        texts.put("whitespace-then-words", " \n\t".repeat(3000) + CODING_PROMPT);
        return texts;
    }
}
