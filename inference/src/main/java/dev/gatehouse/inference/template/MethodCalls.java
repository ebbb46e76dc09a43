package dev.gatehouse.inference.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Python methods templates call on values: {@code str.split}, {@code dict.get}, {@code list.append} and kin. */
final class MethodCalls {

    static final Set<String> STRING_METHODS = Set.of("strip", "lstrip", "rstrip", "startswith", "endswith", "split",
            "rsplit", "replace", "upper", "lower", "title", "capitalize", "format", "find", "rfind", "count", "join",
            "splitlines", "isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower", "index");

    private MethodCalls() {
    }

    static Object call(Object target, String name, Arguments args) {
        return switch (target) {
            case String s -> string(s, name, args);
            case Map<?, ?> m -> dict(m, name, args);
            case List<?> l -> list(l, name, args);
            default -> throw new TemplateError("a " + PyValue.typeName(target) + " has no method '" + name + "'");
        };
    }

    private static Object string(String s, String name, Arguments args) {
        return switch (name) {
            case "strip" -> PyStrings.strip(s, chars(args), true, true);
            case "lstrip" -> PyStrings.strip(s, chars(args), true, false);
            case "rstrip" -> PyStrings.strip(s, chars(args), false, true);
            case "startswith" -> anyAffix(args.get(0, "prefix", ""), s::startsWith);
            case "endswith" -> anyAffix(args.get(0, "suffix", ""), s::endsWith);
            case "split" -> PyStrings.split(s, separator(args), (int) args.integer(1, "maxsplit", -1));
            case "rsplit" -> PyStrings.rsplit(s, separator(args), (int) args.integer(1, "maxsplit", -1));
            case "replace" -> PyStrings.replace(s, args.string(0, "old", ""), args.string(1, "new", ""),
                    args.integer(2, "count", -1));
            case "upper" -> s.toUpperCase(java.util.Locale.ROOT);
            case "lower" -> s.toLowerCase(java.util.Locale.ROOT);
            case "title" -> PyStrings.title(s);
            case "capitalize" -> PyStrings.capitalize(s);
            case "format" -> PyStrings.format(s, args);
            case "find" -> (long) s.indexOf(args.string(0, "sub", ""));
            case "rfind" -> (long) s.lastIndexOf(args.string(0, "sub", ""));
            case "index" -> {
                int i = s.indexOf(args.string(0, "sub", ""));
                if (i < 0) {
                    throw new TemplateError("substring not found");
                }
                yield (long) i;
            }
            case "count" -> PyStrings.count(s, args.string(0, "sub", ""));
            case "join" -> {
                StringBuilder out = new StringBuilder();
                List<Object> items = PyValue.iterate(args.get(0, "iterable", List.of()));
                for (int i = 0; i < items.size(); i++) {
                    out.append(i == 0 ? "" : s).append(PyText.str(items.get(i)));
                }
                yield out.toString();
            }
            case "splitlines" -> new ArrayList<Object>(s.lines().toList());
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case "isalnum" -> !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
            case "isspace" -> !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
            case "isupper" -> s.chars().anyMatch(Character::isLetter) && s.equals(s.toUpperCase(java.util.Locale.ROOT));
            case "islower" -> s.chars().anyMatch(Character::isLetter) && s.equals(s.toLowerCase(java.util.Locale.ROOT));
            default -> throw new TemplateError("a string has no method '" + name + "'");
        };
    }

    private static String chars(Arguments args) {
        Object v = args.get(0, "chars", null);
        return v == null || v instanceof Undefined ? null : PyText.str(v);
    }

    private static String separator(Arguments args) {
        Object v = args.get(0, "sep", null);
        return v == null || v instanceof Undefined ? null : PyText.str(v);
    }

    private static boolean anyAffix(Object affix, java.util.function.Predicate<String> test) {
        if (affix instanceof List<?> options) {
            return options.stream().anyMatch(o -> test.test(PyText.str(o)));
        }
        if (!(affix instanceof String s)) {
            throw new TemplateError("startswith/endswith takes a string or a tuple of strings, got "
                    + PyValue.typeName(affix));
        }
        return test.test(s);
    }

    @SuppressWarnings("unchecked")
    private static Object dict(Map<?, ?> m, String name, Arguments args) {
        Map<Object, Object> map = (Map<Object, Object>) m;
        return switch (name) {
            case "items" -> {
                List<Object> pairs = new ArrayList<>();
                map.forEach((k, v) -> pairs.add(PyTuple.of(k, v)));
                yield pairs;
            }
            case "keys" -> new ArrayList<>(map.keySet());
            case "values" -> new ArrayList<>(map.values());
            case "get" -> {
                Object key = args.get(0, "key", null);
                yield map.containsKey(key) ? map.get(key) : args.get(1, "default", null);
            }
            case "pop" -> {
                Object key = args.get(0, "key", null);
                if (map.containsKey(key)) {
                    yield map.remove(key);
                }
                if (!args.has(1, "default")) {
                    throw new TemplateError("key not found: " + PyText.repr(key));
                }
                yield args.get(1, "default", null);
            }
            case "setdefault" -> map.computeIfAbsent(args.get(0, "key", null), k -> args.get(1, "default", null));
            case "update" -> {
                if (args.get(0, null, null) instanceof Map<?, ?> other) {
                    map.putAll(other);
                }
                map.putAll(args.named());
                yield null;
            }
            case "copy" -> new java.util.LinkedHashMap<>(map);
            default -> throw new TemplateError("a mapping has no method '" + name + "'");
        };
    }

    @SuppressWarnings("unchecked")
    private static Object list(List<?> l, String name, Arguments args) {
        List<Object> list = (List<Object>) l;
        try {
            return switch (name) {
                case "append" -> {
                    list.add(args.get(0, "item", null));
                    yield null;
                }
                case "extend" -> {
                    list.addAll(PyValue.iterate(args.get(0, "iterable", List.of())));
                    yield null;
                }
                case "insert" -> {
                    int at = (int) Math.min(Math.max(args.integer(0, "index", 0), 0), list.size());
                    list.add(at, args.get(1, "item", null));
                    yield null;
                }
                case "pop" -> {
                    if (list.isEmpty()) {
                        throw new TemplateError("pop from empty list");
                    }
                    long i = args.integer(0, "index", -1);
                    yield list.remove((int) (i < 0 ? list.size() + i : i));
                }
                case "remove" -> {
                    Object item = args.get(0, "item", null);
                    list.removeIf(x -> PyValue.equal(x, item));
                    yield null;
                }
                case "index" -> {
                    Object item = args.get(0, "item", null);
                    for (int i = 0; i < list.size(); i++) {
                        if (PyValue.equal(list.get(i), item)) {
                            yield (long) i;
                        }
                    }
                    throw new TemplateError(PyText.repr(item) + " is not in list");
                }
                case "count" -> list.stream().filter(x -> PyValue.equal(x, args.get(0, "item", null))).count();
                case "copy" -> new ArrayList<>(list);
                case "reverse" -> {
                    java.util.Collections.reverse(list);
                    yield null;
                }
                case "sort" -> {
                    list.sort(PyValue::compare);
                    yield null;
                }
                default -> throw new TemplateError("a list has no method '" + name + "'");
            };
        } catch (UnsupportedOperationException | IndexOutOfBoundsException e) {
            throw new TemplateError("list." + name + " failed: " + (e.getMessage() == null ? "list is read-only"
                    : e.getMessage()));
        }
    }
}
