package dev.gatehouse.router.distill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/** MiniLM's word pieces by id, from the tokenizer in its jar. */
record PieceVocabulary(String[] pieces) {
    private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

    static PieceVocabulary miniLm() throws IOException {
        try (InputStream in = PieceVocabulary.class.getClassLoader().getResourceAsStream(TOKENIZER)) {
            if (in == null) throw new IOException("classpath resource " + TOKENIZER + " not found (langchain4j MiniLM jar)");
            JsonNode vocab = new ObjectMapper().readTree(in).path("model").path("vocab");
            String[] pieces = new String[vocab.size()];
            vocab.properties().forEach(e -> pieces[e.getValue().asInt()] = e.getKey());
            for (int id = 0; id < pieces.length; id++) {
                if (pieces[id] == null) throw new IOException(TOKENIZER + ": no piece with id " + id);
            }
            return new PieceVocabulary(pieces);
        }
    }

    int size() {
        return pieces.length;
    }

    /** [CLS], [SEP], [PAD], [UNK], [MASK] and the [unusedN] slots: nothing to embed on their own. */
    boolean special(int id) {
        String piece = pieces[id];
        return piece.startsWith("[") && piece.endsWith("]");
    }

    /** The text a piece stands for when embedded alone: {@code ##ing} as {@code ing}. */
    String alone(int id) {
        String piece = pieces[id];
        return piece.startsWith("##") ? piece.substring(2) : piece;
    }
}
