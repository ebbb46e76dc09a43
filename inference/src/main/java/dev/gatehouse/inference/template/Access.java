package dev.gatehouse.inference.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attribute, item and slice access with Jinja's lookup order: {@code a.b} prefers a method or attribute of the value
 * and falls back to the item {@code a['b']}; {@code a['b']} prefers the item. Anything missing is undefined.
 */
final class Access {

    private static final Set<String> DICT_METHODS = Set.of("items", "keys", "values", "get", "pop", "update",
            "copy", "setdefault");
    private static final Set<String> LIST_METHODS = Set.of("append", "pop", "extend", "insert", "index", "count",
            "copy", "remove", "reverse", "sort");

    private Access() {
    }

    static Object attribute(Object target, String name) {
        switch (target) {
            case null -> {
                return new Undefined(name);
            }
            case Map<?, ?> m when DICT_METHODS.contains(name) -> {
                return new BoundMethod(target, name);
            }
            case String s when MethodCalls.STRING_METHODS.contains(name) -> {
                return new BoundMethod(target, name);
            }
            case List<?> l when LIST_METHODS.contains(name) -> {
                return new BoundMethod(target, name);
            }
            case Namespace ns -> {
                return ns.attributes.containsKey(name) ? ns.attributes.get(name) : new Undefined(name);
            }
            case LoopInfo loop -> {
                return loop.attribute(name);
            }
            default -> {
                return item(target, name, false);
            }
        }
    }

    static Object item(Object target, Object key) {
        return item(target, key, true);
    }

    private static Object item(Object target, Object key, boolean thenAttribute) {
        switch (target) {
            case null -> {
                return new Undefined(key instanceof String s ? s : null);
            }
            case Map<?, ?> m -> {
                if (m.containsKey(key)) {
                    return m.get(key);
                }
            }
            case List<?> l when key instanceof Long || key instanceof Boolean -> {
                int i = index(PyValue.asLong(key), l.size());
                return i < 0 ? new Undefined(null) : l.get(i);
            }
            case String s when key instanceof Long n -> {
                int[] cps = s.codePoints().toArray();
                int i = index(n, cps.length);
                return i < 0 ? new Undefined(null) : new String(Character.toChars(cps[i]));
            }
            default -> { }
        }
        if (thenAttribute && key instanceof String name && !(target instanceof Map)) {
            return attribute(target, name);
        }
        return new Undefined(key instanceof String s ? s : null);
    }

    private static int index(long i, int size) {
        long resolved = i < 0 ? size + i : i;
        return resolved < 0 || resolved >= size ? -1 : (int) resolved;
    }

    static Object slice(Object target, Object start, Object stop, Object step) {
        long by = step == null ? 1 : PyValue.asLong(step);
        if (by == 0) {
            throw new TemplateError("slice step cannot be zero");
        }
        List<Object> items = switch (target) {
            case List<?> l -> new ArrayList<>(l);
            case String s -> PyValue.iterate(s);
            case Undefined u -> List.of();
            case null -> throw new TemplateError("cannot slice a none");
            default -> throw new TemplateError("cannot slice a " + PyValue.typeName(target));
        };
        int n = items.size();
        long from = bound(start, by > 0 ? 0 : n - 1, n, by);
        long to = bound(stop, by > 0 ? n : -1, n, by);
        List<Object> out = new ArrayList<>();
        for (long i = from; by > 0 ? i < to : i > to; i += by) {
            out.add(items.get((int) i));
        }
        if (target instanceof String) {
            StringBuilder s = new StringBuilder();
            out.forEach(s::append);
            return s.toString();
        }
        return out;
    }

    /** Python's slice index clamping: negatives count from the end, then clamp into range for the direction. */
    private static long bound(Object value, long fallback, int n, long step) {
        if (value == null || value instanceof Undefined) {
            return fallback;
        }
        long i = PyValue.asLong(value);
        if (i < 0) {
            i += n;
            if (i < 0) {
                i = step > 0 ? 0 : -1;
            }
        } else if (i >= n) {
            i = step > 0 ? n : n - 1;
        }
        return i;
    }
}
