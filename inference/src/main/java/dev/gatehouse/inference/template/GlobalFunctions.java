package dev.gatehouse.inference.template;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Functions every template can call: range, namespace, dict, raise_exception and strftime_now. */
final class GlobalFunctions {

    private static final int MAX_RANGE = 1_000_000;

    private GlobalFunctions() {
    }

    static void install(Scope scope, Clock clock) {
        scope.set("range", (Callable) GlobalFunctions::range);
        scope.set("namespace", (Callable) GlobalFunctions::namespace);
        scope.set("dict", (Callable) args -> {
            Map<Object, Object> map = new LinkedHashMap<>();
            if (args.size() > 0 && args.positional().getFirst() instanceof Map<?, ?> m) {
                map.putAll(m);
            }
            map.putAll(args.named());
            return map;
        });
        scope.set("raise_exception", (Callable) args -> {
            throw new TemplateError(PyText.str(args.get(0, "message", "raise_exception called")), true);
        });
        scope.set("strftime_now", (Callable) args ->
                Strftime.format(ZonedDateTime.now(clock), args.string(0, "format", "%Y-%m-%d")));
    }

    private static Object range(Arguments args) {
        long start = 0;
        long stop;
        long step = 1;
        if (args.size() == 1) {
            stop = PyValue.asLong(args.positional().getFirst());
        } else if (args.size() >= 2) {
            start = PyValue.asLong(args.positional().get(0));
            stop = PyValue.asLong(args.positional().get(1));
            step = args.size() > 2 ? PyValue.asLong(args.positional().get(2)) : 1;
        } else {
            throw new TemplateError("range needs at least one argument");
        }
        if (step == 0) {
            throw new TemplateError("range step cannot be zero");
        }
        List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            if (out.size() >= MAX_RANGE) {
                throw new TemplateError("range is longer than " + MAX_RANGE);
            }
            out.add(i);
        }
        return out;
    }

    private static Object namespace(Arguments args) {
        Namespace ns = new Namespace();
        if (args.size() > 0 && args.positional().getFirst() instanceof Map<?, ?> m) {
            m.forEach((k, v) -> ns.attributes.put(PyText.str(k), v));
        }
        ns.attributes.putAll(args.named());
        return ns;
    }
}
