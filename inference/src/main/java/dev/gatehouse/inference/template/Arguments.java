package dev.gatehouse.inference.template;

import java.util.List;
import java.util.Map;

/** Evaluated call arguments, with Python's rule that a parameter may come by position or by name. */
record Arguments(List<Object> positional, Map<String, Object> named) {

    static final Arguments NONE = new Arguments(List.of(), Map.of());

    static Arguments of(Object... positional) {
        return new Arguments(java.util.Arrays.asList(positional), Map.of());
    }

    /** Parameter {@code index} by position, else {@code name} by keyword, else {@code fallback}. */
    Object get(int index, String name, Object fallback) {
        if (index >= 0 && index < positional.size()) {
            return positional.get(index);
        }
        return name != null && named.containsKey(name) ? named.get(name) : fallback;
    }

    boolean has(int index, String name) {
        return (index >= 0 && index < positional.size()) || (name != null && named.containsKey(name));
    }

    int size() {
        return positional.size();
    }

    /** Drops the first {@code n} positional arguments (e.g. the attribute name of selectattr). */
    Arguments skip(int n) {
        return new Arguments(positional.subList(Math.min(n, positional.size()), positional.size()), named);
    }

    String string(int index, String name, String fallback) {
        Object v = get(index, name, fallback);
        if (v == null || v instanceof Undefined) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw new TemplateError("argument '" + name + "' must be a string, got " + PyValue.typeName(v));
        }
        return s;
    }

    long integer(int index, String name, long fallback) {
        Object v = get(index, name, fallback);
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v == null || v instanceof Undefined) {
            return fallback;
        }
        throw new TemplateError("argument '" + name + "' must be an integer, got " + PyValue.typeName(v));
    }

    boolean flag(int index, String name, boolean fallback) {
        Object v = get(index, name, fallback);
        return v instanceof Undefined ? fallback : PyValue.truthy(v);
    }
}
