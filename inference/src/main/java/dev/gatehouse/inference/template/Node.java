package dev.gatehouse.inference.template;

import java.util.List;

/** Statement syntax tree: what a template does, in order. */
sealed interface Node {

    int at();

    record Text(int at, String text) implements Node { }

    record Output(int at, Expr value) implements Node { }

    record Branch(Expr condition, List<Node> body) { }

    record If(int at, List<Branch> branches, List<Node> otherwise) implements Node { }

    record For(int at, List<String> targets, Expr iterable, Expr filter, List<Node> body, List<Node> otherwise)
            implements Node { }

    /** {@code set name = value}, {@code set a, b = pair} or, with attribute set, {@code set ns.attribute = value}. */
    record Set(int at, List<String> names, String attribute, Expr value) implements Node { }

    record SetBlock(int at, String name, List<Node> body) implements Node { }

    record Param(String name, Expr defaultValue) { }

    record Macro(int at, String name, List<Param> params, List<Node> body) implements Node { }

    /** {@code {% call(params) macro(args) %}body{% endcall %}}: the body becomes the macro's {@code caller()}. */
    record CallBlock(int at, Expr.Call call, List<Param> callerParams, List<Node> body) implements Node { }

    record FilterBlock(int at, List<Expr.Filter> filters, List<Node> body) implements Node { }

    record Do(int at, Expr value) implements Node { }

    record Break(int at) implements Node { }

    record Continue(int at) implements Node { }
}
