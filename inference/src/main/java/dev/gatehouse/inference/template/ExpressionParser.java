package dev.gatehouse.inference.template;

import dev.gatehouse.inference.template.Token.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive descent over Jinja's expression grammar, loosest binding first: conditional, or, and, not, comparison,
 * {@code + -}, {@code ~}, {@code * / // %}, {@code **}, unary minus, then primaries with their postfixes (attribute,
 * subscript, call) and the filter and test chain ({@code |f}, {@code is t}), which bind tightest.
 */
final class ExpressionParser {

    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", ">", "<=", ">=");
    private static final Set<String> NOT_A_TEST_ARGUMENT = Set.of("else", "or", "and", "if", "in", "is", "not");

    private final TokenCursor in;
    private final Set<String> namesRead;

    ExpressionParser(TokenCursor in, Set<String> namesRead) {
        this.in = in;
        this.namesRead = namesRead;
    }

    Expr expression() {
        return conditional();
    }

    /** For a loop's iterable, where a trailing {@code if} filters items instead of starting a conditional. */
    Expr withoutConditional() {
        return or();
    }

    private Expr conditional() {
        Expr e = or();
        while (in.peek().isName("if")) {
            int at = in.next().at();
            Expr condition = or();
            Expr otherwise = in.skipName("else") ? conditional() : null;
            e = new Expr.Conditional(at, e, condition, otherwise);
        }
        return e;
    }

    private Expr or() {
        Expr e = and();
        while (in.peek().isName("or")) {
            e = new Expr.Or(in.next().at(), e, and());
        }
        return e;
    }

    private Expr and() {
        Expr e = not();
        while (in.peek().isName("and")) {
            e = new Expr.And(in.next().at(), e, not());
        }
        return e;
    }

    private Expr not() {
        if (in.peek().isName("not")) {
            return new Expr.Not(in.next().at(), not());
        }
        return compare();
    }

    private Expr compare() {
        int at = in.peek().at();
        Expr first = additive();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token t = in.peek();
            if (t.kind() == Kind.OP && COMPARISONS.contains(t.text())) {
                ops.add(in.next().text());
            } else if (t.isName("in")) {
                in.next();
                ops.add("in");
            } else if (t.isName("not") && in.peek(1).isName("in")) {
                in.next();
                in.next();
                ops.add("not in");
            } else {
                break;
            }
            rest.add(additive());
        }
        return ops.isEmpty() ? first : new Expr.Compare(at, first, ops, rest);
    }

    private Expr additive() {
        Expr e = concat();
        while (in.peek().isOp("+") || in.peek().isOp("-")) {
            Token op = in.next();
            e = new Expr.Binary(op.at(), op.text(), e, concat());
        }
        return e;
    }

    private Expr concat() {
        Expr e = multiplicative();
        while (in.peek().isOp("~")) {
            e = new Expr.Binary(in.next().at(), "~", e, multiplicative());
        }
        return e;
    }

    private Expr multiplicative() {
        Expr e = power();
        while (in.peek().isOp("*") || in.peek().isOp("/") || in.peek().isOp("//") || in.peek().isOp("%")) {
            Token op = in.next();
            e = new Expr.Binary(op.at(), op.text(), e, power());
        }
        return e;
    }

    private Expr power() {
        Expr e = unary(true);
        while (in.peek().isOp("**")) {
            e = new Expr.Binary(in.next().at(), "**", e, unary(true));
        }
        return e;
    }

    private Expr unary(boolean withFilters) {
        Token t = in.peek();
        Expr e;
        if (t.isOp("-") || t.isOp("+")) {
            in.next();
            e = new Expr.Unary(t.at(), t.text(), unary(false));
        } else {
            e = postfix(primary());
        }
        return withFilters ? filtersAndTests(e) : e;
    }

    private Expr primary() {
        Token t = in.next();
        switch (t.kind()) {
            case NAME -> {
                return switch (t.text()) {
                    case "true", "True" -> new Expr.Literal(t.at(), true);
                    case "false", "False" -> new Expr.Literal(t.at(), false);
                    case "none", "None" -> new Expr.Literal(t.at(), null);
                    default -> {
                        namesRead.add(t.text());
                        yield new Expr.Name(t.at(), t.text());
                    }
                };
            }
            case STRING -> {
                StringBuilder joined = new StringBuilder((String) t.value());
                while (in.peek().kind() == Kind.STRING) {
                    joined.append((String) in.next().value());
                }
                return new Expr.Literal(t.at(), joined.toString());
            }
            case INT, FLOAT -> {
                return new Expr.Literal(t.at(), t.value());
            }
            case OP -> {
                switch (t.text()) {
                    case "(" -> {
                        return parenthesised(t.at());
                    }
                    case "[" -> {
                        return new Expr.ListLiteral(t.at(), items("]"));
                    }
                    case "{" -> {
                        return dict(t.at());
                    }
                    default -> { }
                }
            }
            default -> { }
        }
        throw in.error("expected an expression but found " + t.describe(), t.at());
    }

    private Expr parenthesised(int at) {
        if (in.skipOp(")")) {
            return new Expr.TupleLiteral(at, List.of());
        }
        Expr first = expression();
        if (in.skipOp(")")) {
            return first;
        }
        in.expectOp(",");
        List<Expr> items = new ArrayList<>(List.of(first));
        items.addAll(items(")"));
        return new Expr.TupleLiteral(at, items);
    }

    /** Comma-separated expressions up to the closing bracket, trailing comma allowed; consumes the bracket. */
    private List<Expr> items(String close) {
        List<Expr> items = new ArrayList<>();
        while (!in.skipOp(close)) {
            items.add(expression());
            if (!in.peek().isOp(close)) {
                in.expectOp(",");
            }
        }
        return items;
    }

    private Expr dict(int at) {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!in.skipOp("}")) {
            keys.add(expression());
            in.expectOp(":");
            values.add(expression());
            if (!in.peek().isOp("}")) {
                in.expectOp(",");
            }
        }
        return new Expr.DictLiteral(at, keys, values);
    }

    private Expr postfix(Expr e) {
        while (true) {
            Token t = in.peek();
            if (t.isOp(".")) {
                in.next();
                Token name = in.next();
                if (name.kind() == Kind.INT) {
                    e = new Expr.GetItem(name.at(), e, new Expr.Literal(name.at(), name.value()));
                } else if (name.kind() == Kind.NAME) {
                    e = new Expr.GetAttr(name.at(), e, name.text());
                } else {
                    throw in.error("expected an attribute name after '.' but found " + name.describe(), name.at());
                }
            } else if (t.isOp("[")) {
                in.next();
                e = subscript(t.at(), e);
            } else if (t.isOp("(")) {
                e = call(e);
            } else {
                return e;
            }
        }
    }

    private Expr subscript(int at, Expr target) {
        Expr start = in.peek().isOp(":") ? null : expression();
        if (in.skipOp("]")) {
            return new Expr.GetItem(at, target, start);
        }
        in.expectOp(":");
        Expr stop = in.peek().isOp(":") || in.peek().isOp("]") ? null : expression();
        Expr step = null;
        if (in.skipOp(":")) {
            step = in.peek().isOp("]") ? null : expression();
        }
        in.expectOp("]");
        return new Expr.Slice(at, target, start, stop, step);
    }

    Expr.Call call(Expr callee) {
        int at = in.expectOp("(").at();
        List<Expr> args = new ArrayList<>();
        Map<String, Expr> kwargs = new LinkedHashMap<>();
        while (!in.skipOp(")")) {
            if (in.peek().kind() == Kind.NAME && in.peek(1).isOp("=")) {
                String name = in.next().text();
                in.next();
                kwargs.put(name, expression());
            } else {
                if (!kwargs.isEmpty()) {
                    throw in.error("positional argument after keyword argument");
                }
                args.add(expression());
            }
            if (!in.peek().isOp(")")) {
                in.expectOp(",");
            }
        }
        return new Expr.Call(at, callee, args, kwargs);
    }

    private Expr filtersAndTests(Expr e) {
        while (true) {
            if (in.peek().isOp("|")) {
                in.next();
                e = filter(e);
            } else if (in.peek().isName("is")) {
                e = test(e);
            } else if (in.peek().isOp("(")) {
                e = call(e);
            } else {
                return e;
            }
        }
    }

    /** One {@code name(args)} after a pipe; target null for a filter block header. */
    Expr.Filter filter(Expr target) {
        int at = in.peek().at();
        String name = in.expectName("a filter name");
        if (!in.peek().isOp("(")) {
            return new Expr.Filter(at, target, name, List.of(), Map.of());
        }
        Expr.Call args = call(null);
        return new Expr.Filter(at, target, name, args.args(), args.kwargs());
    }

    private Expr test(Expr target) {
        int at = in.next().at();
        boolean negated = in.skipName("not");
        String name = in.expectName("a test name after 'is'");
        List<Expr> args = List.of();
        Token t = in.peek();
        if (t.isOp("(")) {
            args = call(null).args();
        } else if (startsTestArgument(t)) {
            args = List.of(postfix(primary()));
        }
        return new Expr.Test(at, target, name, args, negated);
    }

    private static boolean startsTestArgument(Token t) {
        return switch (t.kind()) {
            case STRING, INT, FLOAT -> true;
            case NAME -> !NOT_A_TEST_ARGUMENT.contains(t.text());
            case OP -> t.text().equals("[") || t.text().equals("{");
            default -> false;
        };
    }
}
