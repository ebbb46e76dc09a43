package dev.gatehouse.inference.toolcall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ToolChoice;
import dev.gatehouse.inference.ToolDefinition;
import dev.gatehouse.inference.grammar.ResponseFormatGrammar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A grammar that makes the model's whole reply one tool call in its family's format, so that {@code tool_choice:
 * "required"} and a named function are honoured rather than hoped for. The arguments follow the function's JSON
 * Schema when one function is named; with "required" they are any JSON object (the name is one of the tools).
 */
public final class ForcedToolCallGrammar {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ForcedToolCallGrammar() {}

    /**
     * The grammar for a forced call, or empty when the choice forces nothing (auto, none).
     *
     * @throws IllegalArgumentException when the format has no single-call shape this can force (gpt-oss, none)
     * @throws dev.gatehouse.inference.grammar.UnsupportedSchemaException when the named function's schema cannot be
     *         enforced
     */
    public static Optional<String> of(ToolCallFormat format, List<ToolDefinition> tools, ToolChoice choice) {
        List<ToolDefinition> candidates = switch (choice.mode()) {
            case AUTO, NONE -> List.of();
            case REQUIRED -> tools;
            case FUNCTION -> tools.stream().filter(t -> t.name().equals(choice.function())).toList();
        };
        if (candidates.isEmpty()) return Optional.empty();
        String arguments = candidates.size() == 1 && candidates.getFirst().parameters() != null
                ? ResponseFormatGrammar.fromSchema(schema(candidates.getFirst().parameters()))
                : ResponseFormatGrammar.jsonObject();
        String names = candidates.stream().map(t -> "\"" + t.name() + "\"").collect(Collectors.joining(" | "));
        String call = switch (format) {
            case HERMES -> "\"<tool_call>\\n{\\\"name\\\": \\\"\" name \"\\\", \\\"arguments\\\": \" args \"}\\n</tool_call>\"";
            case LLAMA3_JSON -> "\"{\\\"name\\\": \\\"\" name \"\\\", \\\"parameters\\\": \" args \"}\"";
            case MISTRAL -> "\"[TOOL_CALLS][{\\\"name\\\": \\\"\" name \"\\\", \\\"arguments\\\": \" args \"}]\"";
            case GPT_OSS, NONE -> throw new IllegalArgumentException("tool_choice: forcing a call is not available "
                    + "for this model's tool-call format (" + format + ")");
        };
        // the arguments grammar's own start rule becomes "args"; its other rules keep their names
        return Optional.of("root ::= " + call + "\nname ::= " + names + "\n" + renameRoot(arguments));
    }

    /** Renames the rule {@code root} to {@code args} wherever it is a rule name, never inside literals or classes. */
    static String renameRoot(String grammar) {
        StringBuilder out = new StringBuilder(grammar.length());
        int i = 0;
        while (i < grammar.length()) {
            char c = grammar.charAt(i);
            if (c == '"' || c == '[') {
                char close = c == '"' ? '"' : ']';
                int j = i + 1;
                while (j < grammar.length() && grammar.charAt(j) != close) j += grammar.charAt(j) == '\\' ? 2 : 1;
                out.append(grammar, i, Math.min(j + 1, grammar.length()));
                i = j + 1;
            } else if (Character.isLetter(c)) {
                int j = i;
                while (j < grammar.length() && (Character.isLetterOrDigit(grammar.charAt(j)) || grammar.charAt(j) == '-'
                        || grammar.charAt(j) == '_')) j++;
                String name = grammar.substring(i, j);
                out.append(name.equals("root") ? "args" : name.startsWith("root-") ? "args-" + name.substring(5) : name);
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static JsonNode schema(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
