package dev.gatehouse.inference.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates expressions. Failures from operators, filters and methods arrive as {@link TemplateError} and leave here
 * as {@link TemplateRenderException} carrying the position of the innermost expression that failed.
 */
final class Evaluator {

    private final Source source;

    Evaluator(Source source) {
        this.source = source;
    }

    Object eval(Expr e, Scope scope) {
        try {
            return evaluate(e, scope);
        } catch (TemplateError error) {
            throw error.raisedByTemplate
                    ? new TemplateRaisedException(error.getMessage(), source.line(e.at()), source.column(e.at()))
                    : error(error.getMessage(), e.at());
        } catch (StackOverflowError deep) {
            throw error("recursion too deep", e.at());
        }
    }

    TemplateRenderException error(String detail, int at) {
        return new TemplateRenderException(detail, source.line(at), source.column(at));
    }

    private Object evaluate(Expr e, Scope scope) {
        return switch (e) {
            case Expr.Literal l -> l.value();
            case Expr.Name n -> scope.lookup(n.name());
            case Expr.ListLiteral l -> new ArrayList<>(all(l.items(), scope));
            case Expr.TupleLiteral t -> PyTuple.copyOf(all(t.items(), scope));
            case Expr.DictLiteral d -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < d.keys().size(); i++) {
                    map.put(eval(d.keys().get(i), scope), eval(d.values().get(i), scope));
                }
                yield map;
            }
            case Expr.GetAttr g -> Access.attribute(eval(g.target(), scope), g.name());
            case Expr.GetItem g -> Access.item(eval(g.target(), scope), eval(g.key(), scope));
            case Expr.Slice s -> Access.slice(eval(s.target(), scope), optional(s.start(), scope),
                    optional(s.stop(), scope), optional(s.step(), scope));
            case Expr.Call c -> call(c, scope, Map.of());
            case Expr.Filter f -> applyFilter(f, eval(f.target(), scope), scope);
            case Expr.Test t -> t.negated() != JinjaTests.apply(t.name(), eval(t.target(), scope),
                    all(t.args(), scope));
            case Expr.Unary u -> u.op().equals("-") ? Arithmetic.negate(eval(u.operand(), scope))
                    : eval(u.operand(), scope);
            case Expr.Binary b -> Arithmetic.binary(b.op(), eval(b.left(), scope), eval(b.right(), scope));
            case Expr.Compare c -> compare(c, scope);
            case Expr.And a -> {
                Object left = eval(a.left(), scope);
                yield PyValue.truthy(left) ? eval(a.right(), scope) : left;
            }
            case Expr.Or o -> {
                Object left = eval(o.left(), scope);
                yield PyValue.truthy(left) ? left : eval(o.right(), scope);
            }
            case Expr.Not n -> !PyValue.truthy(eval(n.operand(), scope));
            case Expr.Conditional c -> PyValue.truthy(eval(c.condition(), scope)) ? eval(c.then(), scope)
                    : c.otherwise() == null ? new Undefined(null) : eval(c.otherwise(), scope);
        };
    }

    private Object optional(Expr e, Scope scope) {
        return e == null ? null : eval(e, scope);
    }

    private List<Object> all(List<Expr> exprs, Scope scope) {
        List<Object> values = new ArrayList<>(exprs.size());
        for (Expr x : exprs) {
            values.add(eval(x, scope));
        }
        return values;
    }

    private Arguments arguments(List<Expr> args, Map<String, Expr> kwargs, Scope scope) {
        Map<String, Object> named = new LinkedHashMap<>();
        kwargs.forEach((k, v) -> named.put(k, eval(v, scope)));
        return new Arguments(all(args, scope), named);
    }

    Object call(Expr.Call c, Scope scope, Map<String, Object> extraNamed) {
        Object callee = eval(c.callee(), scope);
        Arguments args = arguments(c.args(), c.kwargs(), scope);
        if (!extraNamed.isEmpty()) {
            Map<String, Object> named = new LinkedHashMap<>(args.named());
            named.putAll(extraNamed);
            args = new Arguments(args.positional(), named);
        }
        if (callee instanceof Callable callable) {
            return callable.call(args);
        }
        if (callee instanceof Undefined u) {
            throw new TemplateError("'" + (u.name() == null ? "value" : u.name()) + "' is undefined and cannot be called");
        }
        throw new TemplateError("a " + PyValue.typeName(callee) + " is not callable");
    }

    Object applyFilter(Expr.Filter f, Object value, Scope scope) {
        try {
            return Filters.apply(f.name(), value, arguments(f.args(), f.kwargs(), scope));
        } catch (TemplateError error) {
            throw error(error.getMessage().startsWith("unknown filter") ? error.getMessage()
                    : "filter '" + f.name() + "': " + error.getMessage(), f.at());
        }
    }

    private Object compare(Expr.Compare c, Scope scope) {
        Object left = eval(c.first(), scope);
        for (int i = 0; i < c.ops().size(); i++) {
            Object right = eval(c.rest().get(i), scope);
            boolean holds = switch (c.ops().get(i)) {
                case "==" -> PyValue.equal(left, right);
                case "!=" -> !PyValue.equal(left, right);
                case "<" -> PyValue.compare(left, right) < 0;
                case "<=" -> PyValue.compare(left, right) <= 0;
                case ">" -> PyValue.compare(left, right) > 0;
                case ">=" -> PyValue.compare(left, right) >= 0;
                case "in" -> PyValue.contains(right, left);
                case "not in" -> !PyValue.contains(right, left);
                default -> throw new TemplateError("unknown comparison " + c.ops().get(i));
            };
            if (!holds) {
                return false;
            }
            left = right;
        }
        return true;
    }

    List<Object> iterate(Expr iterable, Scope scope) {
        Object value = eval(iterable, scope);
        try {
            return PyValue.iterate(value);
        } catch (TemplateError error) {
            throw error(error.getMessage(), iterable.at());
        }
    }

    List<Object> unpack(Object value, int count, int at) {
        try {
            List<Object> parts = PyValue.iterate(value);
            if (parts.size() != count) {
                throw error("cannot unpack " + parts.size() + " values into " + count + " names", at);
            }
            return parts;
        } catch (TemplateError error) {
            throw error(error.getMessage(), at);
        }
    }
}
