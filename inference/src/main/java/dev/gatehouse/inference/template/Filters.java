package dev.gatehouse.inference.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code |} filters; the ones over collections live in {@link CollectionFilters}. */
final class Filters {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Filters() {
    }

    static Object apply(String name, Object v, Arguments args) {
        return switch (name) {
            case "tojson" -> PyJson.fromArguments(args).dumps(v);
            case "from_json" -> fromJson(v);
            case "string" -> PyText.str(v);
            case "safe" -> v;
            case "e", "escape" -> PyText.str(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\"", "&#34;").replace("'", "&#39;");
            case "trim" -> PyStrings.strip(PyText.str(v), args.string(0, "chars", null), true, true);
            case "upper" -> PyText.str(v).toUpperCase(Locale.ROOT);
            case "lower" -> PyText.str(v).toLowerCase(Locale.ROOT);
            case "title" -> PyStrings.title(PyText.str(v));
            case "capitalize" -> PyStrings.capitalize(PyText.str(v));
            case "replace" -> PyStrings.replace(PyText.str(v), PyText.str(args.get(0, "old", "")),
                    PyText.str(args.get(1, "new", "")), args.integer(2, "count", -1));
            case "indent" -> indent(PyText.str(v), args);
            case "wordcount" -> (long) PyStrings.split(PyText.str(v), null, -1).size();
            case "length", "count" -> (long) PyValue.length(v);
            case "default", "d" -> (v instanceof Undefined || (args.flag(1, "boolean", false) && !PyValue.truthy(v)))
                    ? args.get(0, "default_value", "") : v;
            case "int" -> toInt(v, args.get(0, "default", 0L));
            case "float" -> toFloat(v, args.get(0, "default", 0.0));
            case "abs" -> v instanceof Long l ? (Object) Math.abs(l) : (Object) Math.abs(PyValue.asDouble(v));
            case "round" -> round(v, args);
            case "bool" -> PyValue.truthy(v);
            case "attr" -> Access.attribute(v, args.string(0, "name", ""));
            default -> CollectionFilters.apply(name, v, args);
        };
    }

    private static Object fromJson(Object v) {
        try {
            return InputValues.normalize(JSON.readValue(PyText.str(v), Object.class));
        } catch (JsonProcessingException e) {
            throw new TemplateError("from_json: not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Jinja 3: indent every line but the first (unless first=true), leaving blank lines alone (unless blank=true). */
    private static String indent(String s, Arguments args) {
        Object width = args.get(0, "width", 4L);
        String pad = width instanceof String w ? w : " ".repeat((int) PyValue.asLong(width));
        boolean first = args.flag(1, "first", false);
        boolean blank = args.flag(2, "blank", false);
        String[] lines = s.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            boolean padded = (i > 0 || first) && (blank || !line.isBlank());
            out.append(i == 0 ? "" : "\n").append(padded ? pad : "").append(line);
        }
        return out.toString();
    }

    private static Object toInt(Object v, Object fallback) {
        return switch (v) {
            case Long l -> l;
            case Boolean b -> b ? 1L : 0L;
            case Double d -> (long) (double) d;
            case String s -> {
                try {
                    yield Long.parseLong(s.strip().replace("_", ""));
                } catch (NumberFormatException notInt) {
                    try {
                        yield (long) Double.parseDouble(s.strip());
                    } catch (NumberFormatException notNumber) {
                        yield fallback;
                    }
                }
            }
            case null, default -> fallback;
        };
    }

    private static Object toFloat(Object v, Object fallback) {
        return switch (v) {
            case Long l -> (double) l;
            case Boolean b -> b ? 1.0 : 0.0;
            case Double d -> d;
            case String s -> {
                try {
                    yield Double.parseDouble(s.strip());
                } catch (NumberFormatException notNumber) {
                    yield fallback;
                }
            }
            case null, default -> fallback;
        };
    }

    private static Object round(Object v, Arguments args) {
        double x = PyValue.asDouble(v);
        long precision = args.integer(0, "precision", 0);
        String method = args.string(1, "method", "common");
        double scale = Math.pow(10, precision);
        double scaled = x * scale;
        double rounded = switch (method) {
            case "common" -> Math.signum(scaled) * Math.floor(Math.abs(scaled) + 0.5);
            case "ceil" -> Math.ceil(scaled);
            case "floor" -> Math.floor(scaled);
            default -> throw new TemplateError("round method must be common, ceil or floor, got '" + method + "'");
        };
        return rounded / scale;
    }

    static List<Object> pairs(Map<?, ?> m) {
        List<Object> pairs = new ArrayList<>();
        m.forEach((k, val) -> pairs.add(PyTuple.of(k, val)));
        return pairs;
    }
}
