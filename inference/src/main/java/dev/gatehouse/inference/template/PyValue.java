package dev.gatehouse.inference.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's rules for the value model templates see: None (null), undefined, bool, int (Long), float (Double), str,
 * list (List), dict (Map), namespace. Truthiness, equality, ordering, length and iteration follow Python so that
 * templates written against Hugging Face's Jinja behave the same here.
 */
final class PyValue {

    private PyValue() {
    }

    static boolean truthy(Object v) {
        return switch (v) {
            case null -> false;
            case Undefined u -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0.0;
            case String s -> !s.isEmpty();
            case Collection<?> c -> !c.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    static String typeName(Object v) {
        return switch (v) {
            case null -> "none";
            case Undefined u -> "undefined" + (u.name() == null ? "" : " '" + u.name() + "'");
            case Boolean b -> "boolean";
            case Long l -> "integer";
            case Double d -> "float";
            case String s -> "string";
            case List<?> l -> "list";
            case Map<?, ?> m -> "mapping";
            case Namespace n -> "namespace";
            case Callable c -> "callable";
            default -> v.getClass().getSimpleName();
        };
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double || v instanceof Boolean;
    }

    static double asDouble(Object v) {
        return switch (v) {
            case Long l -> l;
            case Double d -> d;
            case Boolean b -> b ? 1 : 0;
            case null -> throw new TemplateError("expected a number, got none");
            default -> throw new TemplateError("expected a number, got " + typeName(v));
        };
    }

    static boolean equal(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) {
                return asDouble(a) == asDouble(b);
            }
            return asLong(a) == asLong(b);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Undefined || b instanceof Undefined) {
            return a instanceof Undefined && b instanceof Undefined;
        }
        return a == null ? b == null : a.equals(b);
    }

    static long asLong(Object v) {
        return switch (v) {
            case Long l -> l;
            case Boolean b -> b ? 1 : 0;
            case Double d -> (long) (double) d;
            case null -> throw new TemplateError("expected an integer, got none");
            default -> throw new TemplateError("expected an integer, got " + typeName(v));
        };
    }

    static int compare(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            return a instanceof Long && b instanceof Long ? Long.compare((Long) a, (Long) b)
                    : Double.compare(asDouble(a), asDouble(b));
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                int c = compare(x.get(i), y.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        throw new TemplateError("cannot order " + typeName(a) + " and " + typeName(b));
    }

    static int length(Object v) {
        return switch (v) {
            case String s -> s.codePointCount(0, s.length());
            case Collection<?> c -> c.size();
            case Map<?, ?> m -> m.size();
            case Undefined u -> 0;
            case null -> throw new TemplateError("a none has no length");
            default -> throw new TemplateError("a " + typeName(v) + " has no length");
        };
    }

    /** What a for loop walks: list items, mapping keys, string characters; undefined and none walk nothing. */
    static List<Object> iterate(Object v) {
        return switch (v) {
            case null -> List.of();
            case Undefined u -> List.of();
            case List<?> l -> new ArrayList<>(l);
            case Collection<?> c -> new ArrayList<>(c);
            case Map<?, ?> m -> new ArrayList<>(m.keySet());
            case String s -> {
                List<Object> chars = new ArrayList<>();
                s.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
                yield chars;
            }
            case Iterator<?> it -> {
                List<Object> items = new ArrayList<>();
                it.forEachRemaining(items::add);
                yield items;
            }
            default -> throw new TemplateError("a " + typeName(v) + " is not iterable");
        };
    }

    static boolean contains(Object container, Object item) {
        return switch (container) {
            case String s -> {
                if (!(item instanceof String needle)) {
                    throw new TemplateError("'in <string>' needs a string on the left, got " + typeName(item));
                }
                yield s.contains(needle);
            }
            case Map<?, ?> m -> m.containsKey(item);
            case Collection<?> c -> c.stream().anyMatch(x -> equal(x, item));
            case Undefined u -> false;
            case null -> false;
            default -> throw new TemplateError("cannot test membership in a " + typeName(container));
        };
    }
}
