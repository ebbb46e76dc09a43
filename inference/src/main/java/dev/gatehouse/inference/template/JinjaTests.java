package dev.gatehouse.inference.template;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The {@code is} tests ({@code x is defined}, {@code x is string}, {@code n is divisibleby 3}, ...). */
final class JinjaTests {

    private JinjaTests() {
    }

    static boolean apply(String name, Object v, List<Object> args) {
        return switch (name) {
            case "defined" -> !(v instanceof Undefined);
            case "undefined" -> v instanceof Undefined;
            case "none" -> v == null;
            case "string" -> v instanceof String;
            case "number" -> v instanceof Long || v instanceof Double || v instanceof Boolean;
            case "integer" -> v instanceof Long;
            case "float" -> v instanceof Double;
            case "boolean" -> v instanceof Boolean;
            case "true" -> Boolean.TRUE.equals(v);
            case "false" -> Boolean.FALSE.equals(v);
            case "mapping" -> v instanceof Map;
            // Undefined iterates as empty in Jinja, so it counts as iterable there too.
            case "iterable" -> v instanceof String || v instanceof Collection || v instanceof Map
                    || v instanceof Undefined;
            case "sequence" -> v instanceof String || v instanceof Collection || v instanceof Map;
            case "callable" -> v instanceof Callable;
            case "odd" -> PyValue.asLong(v) % 2 != 0;
            case "even" -> PyValue.asLong(v) % 2 == 0;
            case "divisibleby" -> PyValue.asLong(v) % PyValue.asLong(argument(name, args)) == 0;
            case "equalto", "eq", "==" -> PyValue.equal(v, argument(name, args));
            case "ne", "!=" -> !PyValue.equal(v, argument(name, args));
            case "lt", "lessthan", "<" -> PyValue.compare(v, argument(name, args)) < 0;
            case "le", "<=" -> PyValue.compare(v, argument(name, args)) <= 0;
            case "gt", "greaterthan", ">" -> PyValue.compare(v, argument(name, args)) > 0;
            case "ge", ">=" -> PyValue.compare(v, argument(name, args)) >= 0;
            case "in" -> PyValue.contains(argument(name, args), v);
            case "sameas" -> v == argument(name, args) || (v == null && argument(name, args) == null);
            case "lower" -> v instanceof String s && s.equals(s.toLowerCase(java.util.Locale.ROOT));
            case "upper" -> v instanceof String s && s.equals(s.toUpperCase(java.util.Locale.ROOT));
            default -> throw new TemplateError("unknown test '" + name + "'");
        };
    }

    private static Object argument(String test, List<Object> args) {
        if (args.isEmpty()) {
            throw new TemplateError("test '" + test + "' needs an argument");
        }
        return args.getFirst();
    }
}
