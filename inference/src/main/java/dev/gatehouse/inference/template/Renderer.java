package dev.gatehouse.inference.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Executes statements for one render; expressions are delegated to {@link Evaluator}. */
final class Renderer {

    /** How a statement list ended: normally, or by {@code break}/{@code continue} bubbling up to the loop. */
    private enum Flow { NORMAL, BREAK, CONTINUE }

    private final Evaluator evaluator;

    Renderer(Source source) {
        this.evaluator = new Evaluator(source);
    }

    String render(List<Node> nodes, Scope scope) {
        StringBuilder out = new StringBuilder();
        run(nodes, scope, out);
        return out.toString();
    }

    private Flow run(List<Node> nodes, Scope scope, StringBuilder out) {
        for (Node node : nodes) {
            Flow flow = run(node, scope, out);
            if (flow != Flow.NORMAL) {
                return flow;
            }
        }
        return Flow.NORMAL;
    }

    private Flow run(Node node, Scope scope, StringBuilder out) {
        switch (node) {
            case Node.Text t -> out.append(t.text());
            case Node.Output o -> out.append(PyText.str(evaluator.eval(o.value(), scope)));
            case Node.If i -> {
                for (Node.Branch branch : i.branches()) {
                    if (PyValue.truthy(evaluator.eval(branch.condition(), scope))) {
                        return run(branch.body(), scope, out);
                    }
                }
                return run(i.otherwise(), scope, out);
            }
            case Node.For f -> loop(f, scope, out);
            case Node.Set s -> assign(s, scope);
            case Node.SetBlock s -> scope.set(s.name(), render(s.body(), scope));
            case Node.Macro m -> scope.set(m.name(), macro(m.params(), m.body(), scope.root(), m.name()));
            case Node.CallBlock c -> out.append(PyText.str(callBlock(c, scope)));
            case Node.FilterBlock f -> {
                Object value = render(f.body(), scope);
                for (Expr.Filter filter : f.filters()) {
                    value = evaluator.applyFilter(filter, value, scope);
                }
                out.append(PyText.str(value));
            }
            case Node.Do d -> evaluator.eval(d.value(), scope);
            case Node.Break b -> {
                return Flow.BREAK;
            }
            case Node.Continue c -> {
                return Flow.CONTINUE;
            }
        }
        return Flow.NORMAL;
    }

    private void loop(Node.For f, Scope scope, StringBuilder out) {
        List<Object> items = evaluator.iterate(f.iterable(), scope);
        Scope body = new Scope(scope);
        if (f.filter() != null) {
            List<Object> kept = new ArrayList<>();
            for (Object item : items) {
                bind(f.targets(), item, body, f.at());
                if (PyValue.truthy(evaluator.eval(f.filter(), body))) {
                    kept.add(item);
                }
            }
            items = kept;
        }
        if (items.isEmpty()) {
            run(f.otherwise(), scope, out);
            return;
        }
        LoopInfo loop = new LoopInfo(items);
        body.set("loop", loop);
        for (int i = 0; i < items.size(); i++) {
            loop.index0 = i;
            bind(f.targets(), items.get(i), body, f.at());
            if (run(f.body(), body, out) == Flow.BREAK) {
                break;
            }
        }
    }

    private void bind(List<String> names, Object value, Scope scope, int at) {
        if (names.size() == 1) {
            scope.set(names.getFirst(), value);
            return;
        }
        List<Object> parts = evaluator.unpack(value, names.size(), at);
        for (int i = 0; i < names.size(); i++) {
            scope.set(names.get(i), parts.get(i));
        }
    }

    private void assign(Node.Set s, Scope scope) {
        Object value = evaluator.eval(s.value(), scope);
        if (s.attribute() == null) {
            bind(s.names(), value, scope, s.at());
            return;
        }
        Object target = scope.lookup(s.names().getFirst());
        if (!(target instanceof Namespace ns)) {
            throw evaluator.error("cannot set attribute '" + s.attribute() + "' on " + PyValue.typeName(target)
                    + " '" + s.names().getFirst() + "' (only a namespace() takes attributes)", s.at());
        }
        ns.attributes.put(s.attribute(), value);
    }

    private Object callBlock(Node.CallBlock c, Scope scope) {
        Callable caller = macro(c.callerParams(), c.body(), scope, "caller");
        return evaluator.call(c.call(), scope, Map.of("caller", caller));
    }

    /** A macro (or a call block's caller): renders its body in a fresh scope below {@code parent}. */
    private Callable macro(List<Node.Param> params, List<Node> body, Scope parent, String name) {
        return args -> {
            Scope local = new Scope(parent);
            if (args.size() > params.size()) {
                throw new TemplateError("macro '" + name + "' takes " + params.size() + " arguments, got "
                        + args.size());
            }
            Map<String, Object> extraNamed = new LinkedHashMap<>(args.named());
            for (int i = 0; i < params.size(); i++) {
                Node.Param p = params.get(i);
                Object value;
                if (i < args.size()) {
                    value = args.positional().get(i);
                } else if (extraNamed.containsKey(p.name())) {
                    value = extraNamed.get(p.name());
                } else if (p.defaultValue() != null) {
                    value = evaluator.eval(p.defaultValue(), local);
                } else {
                    value = new Undefined(p.name());
                }
                extraNamed.remove(p.name());
                local.set(p.name(), value);
            }
            if (extraNamed.containsKey("caller")) {
                local.set("caller", extraNamed.remove("caller"));
            }
            local.set("kwargs", extraNamed);
            local.set("varargs", new ArrayList<>(args.positional().subList(Math.min(params.size(), args.size()),
                    args.size())));
            StringBuilder out = new StringBuilder();
            run(body, local, out);
            return out.toString();
        };
    }
}
