package dev.gatehouse.inference.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Filters over lists and mappings: join, map, selectattr, sort, dictsort, unique, sum, ... */
final class CollectionFilters {

    private CollectionFilters() {
    }

    static Object apply(String name, Object v, Arguments args) {
        return switch (name) {
            case "join" -> join(v, args);
            case "first" -> {
                List<Object> items = PyValue.iterate(v);
                yield items.isEmpty() ? new Undefined("first") : items.getFirst();
            }
            case "last" -> {
                List<Object> items = PyValue.iterate(v);
                yield items.isEmpty() ? new Undefined("last") : items.getLast();
            }
            case "items" -> v instanceof Map<?, ?> m ? Filters.pairs(m) : v instanceof Undefined ? List.of()
                    : fail("items needs a mapping, got " + PyValue.typeName(v));
            case "list" -> PyValue.iterate(v);
            case "reverse" -> {
                if (v instanceof String s) {
                    yield new StringBuilder(s).reverse().toString();
                }
                List<Object> items = PyValue.iterate(v);
                Collections.reverse(items);
                yield items;
            }
            case "unique" -> unique(v, args);
            case "sort" -> sort(v, args);
            case "dictsort" -> dictsort(v, args);
            case "map" -> map(v, args);
            case "select", "reject" -> select(v, args, name.equals("select"), false);
            case "selectattr", "rejectattr" -> select(v, args, name.equals("selectattr"), true);
            case "sum" -> sum(v, args);
            case "min", "max" -> extreme(v, args, name.equals("max"));
            case "batch" -> batch(v, args);
            default -> throw new TemplateError("unknown filter '" + name + "'");
        };
    }

    private static Object fail(String message) {
        throw new TemplateError(message);
    }

    /** {@code attribute='function.name'} walks nested items; digits index lists. */
    static Object path(Object item, String path) {
        Object current = item;
        for (String part : path.split("\\.")) {
            current = part.chars().allMatch(Character::isDigit) && !part.isEmpty()
                    ? Access.item(current, Long.parseLong(part)) : Access.item(current, part);
        }
        return current;
    }

    private static Object attributeOrSelf(Object item, Object attribute) {
        return attribute == null || attribute instanceof Undefined ? item : path(item, PyText.str(attribute));
    }

    private static String join(Object v, Arguments args) {
        String separator = PyText.str(args.get(0, "d", ""));
        Object attribute = args.get(1, "attribute", null);
        StringBuilder out = new StringBuilder();
        List<Object> items = PyValue.iterate(v);
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : separator).append(PyText.str(attributeOrSelf(items.get(i), attribute)));
        }
        return out.toString();
    }

    private static Comparator<Object> order(Object attribute, boolean caseSensitive) {
        return (a, b) -> PyValue.compare(sortKey(attributeOrSelf(a, attribute), caseSensitive),
                sortKey(attributeOrSelf(b, attribute), caseSensitive));
    }

    private static Object sortKey(Object v, boolean caseSensitive) {
        return !caseSensitive && v instanceof String s ? s.toLowerCase(Locale.ROOT) : v;
    }

    private static List<Object> sort(Object v, Arguments args) {
        List<Object> items = PyValue.iterate(v);
        Comparator<Object> order = order(args.get(2, "attribute", null), args.flag(1, "case_sensitive", false));
        items.sort(args.flag(0, "reverse", false) ? order.reversed() : order);
        return items;
    }

    private static List<Object> unique(Object v, Arguments args) {
        boolean caseSensitive = args.flag(0, "case_sensitive", false);
        Object attribute = args.get(1, "attribute", null);
        List<Object> out = new ArrayList<>();
        List<Object> seen = new ArrayList<>();
        for (Object item : PyValue.iterate(v)) {
            Object key = sortKey(attributeOrSelf(item, attribute), caseSensitive);
            if (seen.stream().noneMatch(s -> PyValue.equal(s, key))) {
                seen.add(key);
                out.add(item);
            }
        }
        return out;
    }

    private static List<Object> dictsort(Object v, Arguments args) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new TemplateError("dictsort needs a mapping, got " + PyValue.typeName(v));
        }
        boolean caseSensitive = args.flag(0, "case_sensitive", false);
        String by = args.string(1, "by", "key");
        int part = switch (by) {
            case "key" -> 0;
            case "value" -> 1;
            default -> throw new TemplateError("dictsort by must be 'key' or 'value', got '" + by + "'");
        };
        List<Object> pairs = Filters.pairs(m);
        Comparator<Object> order = (a, b) -> PyValue.compare(
                sortKey(((List<?>) a).get(part), caseSensitive), sortKey(((List<?>) b).get(part), caseSensitive));
        pairs.sort(args.flag(2, "reverse", false) ? order.reversed() : order);
        return pairs;
    }

    /** {@code map(attribute='x', default=..)} or {@code map('filter', args...)}. */
    private static List<Object> map(Object v, Arguments args) {
        List<Object> out = new ArrayList<>();
        if (args.named().containsKey("attribute")) {
            Object fallback = args.named().get("default");
            for (Object item : PyValue.iterate(v)) {
                Object value = path(item, PyText.str(args.named().get("attribute")));
                out.add(value instanceof Undefined && args.named().containsKey("default") ? fallback : value);
            }
            return out;
        }
        if (args.size() == 0 || !(args.positional().getFirst() instanceof String filter)) {
            throw new TemplateError("map needs attribute='name' or a filter name");
        }
        Arguments rest = args.skip(1);
        for (Object item : PyValue.iterate(v)) {
            out.add(Filters.apply(filter, item, rest));
        }
        return out;
    }

    private static List<Object> select(Object v, Arguments args, boolean keep, boolean byAttribute) {
        Arguments testArgs = byAttribute ? args.skip(1) : args;
        String attribute = byAttribute ? args.string(0, "attribute", null) : null;
        if (byAttribute && attribute == null) {
            throw new TemplateError("selectattr/rejectattr need an attribute name");
        }
        List<Object> out = new ArrayList<>();
        for (Object item : PyValue.iterate(v)) {
            Object subject = byAttribute ? path(item, attribute) : item;
            boolean passes = testArgs.size() == 0 ? PyValue.truthy(subject)
                    : JinjaTests.apply(PyText.str(testArgs.positional().getFirst()), subject,
                            testArgs.skip(1).positional());
            if (passes == keep) {
                out.add(item);
            }
        }
        return out;
    }

    private static Object sum(Object v, Arguments args) {
        Object total = args.get(1, "start", 0L);
        Object attribute = args.get(0, "attribute", null);
        for (Object item : PyValue.iterate(v)) {
            total = Arithmetic.binary("+", total, attributeOrSelf(item, attribute));
        }
        return total;
    }

    private static Object extreme(Object v, Arguments args, boolean max) {
        List<Object> items = PyValue.iterate(v);
        if (items.isEmpty()) {
            return new Undefined(max ? "max" : "min");
        }
        Comparator<Object> order = order(args.get(1, "attribute", null), args.flag(0, "case_sensitive", false));
        return max ? Collections.max(items, order) : Collections.min(items, order);
    }

    private static List<Object> batch(Object v, Arguments args) {
        long size = args.integer(0, "linecount", 1);
        if (size < 1) {
            throw new TemplateError("batch size must be at least 1, got " + size);
        }
        List<Object> out = new ArrayList<>();
        List<Object> current = new ArrayList<>();
        for (Object item : PyValue.iterate(v)) {
            current.add(item);
            if (current.size() == size) {
                out.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }
}
