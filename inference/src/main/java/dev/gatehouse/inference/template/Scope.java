package dev.gatehouse.inference.template;

import java.util.HashMap;
import java.util.Map;

/**
 * Variables visible at one point of a render. Jinja gives each for-loop iteration and each macro call its own scope,
 * so a {@code set} inside them does not leak out (which is why templates use {@code namespace()} to carry state).
 */
final class Scope {

    private final Scope parent;
    private final Map<String, Object> vars = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    Object lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.vars.containsKey(name)) {
                return s.vars.get(name);
            }
        }
        return new Undefined(name);
    }

    void set(String name, Object value) {
        vars.put(name, value);
    }

    Scope root() {
        Scope s = this;
        while (s.parent != null) {
            s = s.parent;
        }
        return s;
    }
}
