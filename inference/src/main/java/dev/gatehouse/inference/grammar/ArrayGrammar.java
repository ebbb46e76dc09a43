package dev.gatehouse.inference.grammar;

import static dev.gatehouse.inference.grammar.SchemaKeywords.pointer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Arrays: a tuple prefix ({@code prefixItems}, or draft-7 {@code items} as an array), then repeated items within
 * minItems/maxItems. The tuple prefix is always written in full (cut to maxItems); without {@code items} a tuple
 * takes no further elements. Both are narrower than JSON Schema, which allows shorter tuples and any extra items,
 * so every array accepted is valid.
 */
final class ArrayGrammar {
    private ArrayGrammar() {
    }

    static String of(SchemaConverter converter, JsonNode schema, String path, String hint) {
        GrammarRules rules = converter.rules;
        String ws = rules.shared(SharedRule.WS);
        JsonNode unique = schema.get("uniqueItems");
        if (unique != null && unique.asBoolean()) {
            throw new UnsupportedSchemaException(pointer(path, "uniqueItems"), "uniqueItems",
                    "uniqueItems cannot be enforced by a grammar");
        }
        JsonNode prefix = schema.get("prefixItems");
        String prefixKeyword = "prefixItems";
        JsonNode items = schema.get("items");
        String itemsKeyword = "items";
        if (items != null && items.isArray()) {
            prefix = items;
            prefixKeyword = "items";
            items = schema.get("additionalItems");
            itemsKeyword = "additionalItems";
        }
        if (prefix != null && !prefix.isArray()) {
            throw new UnsupportedSchemaException(pointer(path, prefixKeyword), prefixKeyword, prefixKeyword + " must be an array");
        }
        Integer min = SchemaKeywords.count(schema, "minItems", path);
        Integer max = SchemaKeywords.count(schema, "maxItems", path);
        SchemaKeywords.requireOrdered(min, max, path, "minItems");

        List<String> tuple = new ArrayList<>();
        int tupleSize = prefix == null ? 0 : max == null ? prefix.size() : Math.min(prefix.size(), max);
        for (int i = 0; i < tupleSize; i++) {
            String elementHint = hint + "-" + i;
            String expression = converter.convert(prefix.get(i), pointer(pointer(path, prefixKeyword), i), elementHint, null);
            tuple.add(rules.named(elementHint, expression));
        }
        String item = item(converter, items, prefix == null, pointer(path, itemsKeyword), hint + "-item");
        int extraMin = Math.max(0, (min == null ? 0 : min) - tupleSize);
        Integer extraMax = max == null ? null : max - tupleSize;
        if (item == null) {
            if (extraMin > 0) {
                throw new UnsupportedSchemaException(pointer(path, "minItems"), "minItems", "minItems " + min
                        + " needs more elements than the " + tupleSize + " this array allows without items");
            }
            extraMax = 0;
        }
        String more = item == null ? "" : "( \",\" " + ws + " " + item + " " + ws + " )";
        String elements;
        if (!tuple.isEmpty()) {
            List<String> parts = new ArrayList<>(List.of(tuple.getFirst(), ws));
            for (String element : tuple.subList(1, tuple.size())) {
                parts.add("\",\" " + ws + " " + element + " " + ws);
            }
            parts.add(GbnfText.repeat(more, extraMin, extraMax));
            elements = GbnfText.sequence(parts.toArray(String[]::new));
        } else if (item == null || (extraMax != null && extraMax == 0)) {
            elements = "";
        } else if (extraMin == 0) {
            Integer restMax = extraMax == null ? null : extraMax - 1;
            elements = "( " + GbnfText.sequence(item, ws, GbnfText.repeat(more, 0, restMax)) + " )?";
        } else {
            elements = GbnfText.sequence(item, ws, GbnfText.repeat(more, extraMin - 1, extraMax == null ? null : extraMax - 1));
        }
        return GbnfText.sequence(GbnfText.literal("["), ws, elements, GbnfText.literal("]"));
    }

    /** The rule every further element matches; null when no further element is allowed. */
    private static String item(SchemaConverter converter, JsonNode items, boolean open, String path, String hint) {
        if (items == null) {
            return open ? converter.rules.shared(SharedRule.VALUE) : null;
        }
        if (items.isBoolean() && !items.booleanValue()) {
            return null;
        }
        return converter.rules.named(hint, converter.convert(items, path, hint, null));
    }
}
