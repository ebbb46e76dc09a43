package dev.gatehouse.inference.template;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code namespace(...)}: the one mutable object a template can assign attributes on, across loop scopes. */
final class Namespace {

    final Map<String, Object> attributes = new LinkedHashMap<>();

    @Override
    public String toString() {
        return "<Namespace " + PyText.repr(attributes) + ">";
    }
}
