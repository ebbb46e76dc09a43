package dev.gatehouse.inference.template;

import java.util.List;
import java.util.Map;

/** Expression syntax tree. Every node keeps the source offset it started at, for error positions. */
sealed interface Expr {

    int at();

    record Literal(int at, Object value) implements Expr { }

    record ListLiteral(int at, List<Expr> items) implements Expr { }

    record TupleLiteral(int at, List<Expr> items) implements Expr { }

    record DictLiteral(int at, List<Expr> keys, List<Expr> values) implements Expr { }

    record Name(int at, String name) implements Expr { }

    record GetAttr(int at, Expr target, String name) implements Expr { }

    record GetItem(int at, Expr target, Expr key) implements Expr { }

    /** {@code target[start:stop:step]}; absent parts are null. */
    record Slice(int at, Expr target, Expr start, Expr stop, Expr step) implements Expr { }

    record Call(int at, Expr callee, List<Expr> args, Map<String, Expr> kwargs) implements Expr { }

    /** {@code target | name(args)}; target is null inside a {@code {% filter %}} block header. */
    record Filter(int at, Expr target, String name, List<Expr> args, Map<String, Expr> kwargs) implements Expr { }

    record Test(int at, Expr target, String name, List<Expr> args, boolean negated) implements Expr { }

    record Unary(int at, String op, Expr operand) implements Expr { }

    record Binary(int at, String op, Expr left, Expr right) implements Expr { }

    /** {@code a < b <= c} chains like Python: every adjacent pair must hold. */
    record Compare(int at, Expr first, List<String> ops, List<Expr> rest) implements Expr { }

    record And(int at, Expr left, Expr right) implements Expr { }

    record Or(int at, Expr left, Expr right) implements Expr { }

    record Not(int at, Expr operand) implements Expr { }

    /** {@code then if condition else otherwise}; otherwise may be null (renders undefined). */
    record Conditional(int at, Expr then, Expr condition, Expr otherwise) implements Expr { }
}
