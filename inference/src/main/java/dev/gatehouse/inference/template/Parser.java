package dev.gatehouse.inference.template;

import dev.gatehouse.inference.template.Token.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Builds the statement tree from tokens; expressions inside tags go to {@link ExpressionParser}. */
final class Parser {

    private final TokenCursor in;
    private final ExpressionParser expressions;
    private final Set<String> namesRead = new HashSet<>();
    private int loopDepth;

    Parser(List<Token> tokens, Source source) {
        this.in = new TokenCursor(tokens, source);
        this.expressions = new ExpressionParser(in, namesRead);
    }

    List<Node> template() {
        List<Node> body = body(Set.of());
        if (in.peek().kind() != Kind.EOF) {
            throw in.error("unexpected '" + in.peek(1).text() + "' tag", in.peek(1).at());
        }
        return body;
    }

    /** Every variable name the template reads anywhere, whether or not that code runs. */
    Set<String> namesRead() {
        return namesRead;
    }

    /** Parses nodes until EOF or a block tag named in {@code enders}, which is left unconsumed (at its '{%'). */
    private List<Node> body(Set<String> enders) {
        List<Node> nodes = new ArrayList<>();
        while (true) {
            Token t = in.peek();
            switch (t.kind()) {
                case EOF -> {
                    return nodes;
                }
                case TEXT -> nodes.add(new Node.Text(in.next().at(), t.text()));
                case VAR_OPEN -> {
                    in.next();
                    nodes.add(new Node.Output(t.at(), expressions.expression()));
                    in.expect(Kind.VAR_CLOSE, "'}}'");
                }
                case BLOCK_OPEN -> {
                    Token name = in.peek(1);
                    if (name.kind() == Kind.NAME && enders.contains(name.text())) {
                        return nodes;
                    }
                    in.next();
                    nodes.add(statement(t.at()));
                }
                default -> throw in.error("unexpected " + t.describe());
            }
        }
    }

    private Node statement(int at) {
        String name = in.expectName("a statement name");
        Node node = switch (name) {
            case "if" -> ifStatement(at);
            case "for" -> forStatement(at);
            case "set" -> set(at);
            case "macro" -> macro(at);
            case "call" -> callBlock(at);
            case "filter" -> filterBlock(at);
            case "do" -> new Node.Do(at, expressions.expression());
            case "break", "continue" -> loopControl(name, at);
            case "generation" -> generation();
            default -> throw in.error("unknown tag '" + name + "'", at);
        };
        if (!(node instanceof Node.If || node instanceof Node.For || node instanceof Node.Macro
                || node instanceof Node.SetBlock || node instanceof Node.CallBlock
                || node instanceof Node.FilterBlock || name.equals("generation"))) {
            in.expect(Kind.BLOCK_CLOSE, "'%}' to close '" + name + "'");
        }
        return node;
    }

    private void endTag(String name) {
        in.expect(Kind.BLOCK_OPEN, "'{% " + name + " %}'");
        Token t = in.next();
        if (!t.isName(name)) {
            throw in.error("expected '" + name + "' but found " + t.describe(), t.at());
        }
        while (in.peek().kind() == Kind.NAME) {
            in.next();
        }
        in.expect(Kind.BLOCK_CLOSE, "'%}' to close '" + name + "'");
    }

    private List<Node> blockBody(String opener, int at, Set<String> enders) {
        List<Node> body = body(enders);
        if (in.peek().kind() == Kind.EOF) {
            throw in.error("'" + opener + "' is never closed (expected one of " + enders + ")", at);
        }
        return body;
    }

    private Node ifStatement(int at) {
        List<Node.Branch> branches = new ArrayList<>();
        Expr condition = expressions.expression();
        in.expect(Kind.BLOCK_CLOSE, "'%}'");
        Set<String> enders = Set.of("elif", "else", "endif");
        while (true) {
            List<Node> body = blockBody("if", at, enders);
            branches.add(new Node.Branch(condition, body));
            in.next();
            String tag = in.next().text();
            if (tag.equals("elif")) {
                condition = expressions.expression();
                in.expect(Kind.BLOCK_CLOSE, "'%}'");
                continue;
            }
            in.expect(Kind.BLOCK_CLOSE, "'%}'");
            if (tag.equals("endif")) {
                return new Node.If(at, branches, List.of());
            }
            List<Node> otherwise = blockBody("if", at, Set.of("endif"));
            endTag("endif");
            return new Node.If(at, branches, otherwise);
        }
    }

    private Node forStatement(int at) {
        List<String> targets = new ArrayList<>();
        boolean parenthesised = in.skipOp("(");
        do {
            targets.add(in.expectName("a loop variable"));
        } while (in.skipOp(","));
        if (parenthesised) {
            in.expectOp(")");
        }
        if (!in.skipName("in")) {
            throw in.error("expected 'in' in for loop but found " + in.peek().describe());
        }
        Expr iterable = expressions.withoutConditional();
        Expr filter = in.skipName("if") ? expressions.withoutConditional() : null;
        if (in.peek().isName("recursive")) {
            throw in.error("recursive loops are not supported");
        }
        in.expect(Kind.BLOCK_CLOSE, "'%}'");
        loopDepth++;
        List<Node> body = blockBody("for", at, Set.of("else", "endfor"));
        loopDepth--;
        List<Node> otherwise = List.of();
        if (in.peek(1).isName("else")) {
            in.next();
            in.next();
            in.expect(Kind.BLOCK_CLOSE, "'%}'");
            otherwise = blockBody("for", at, Set.of("endfor"));
        }
        endTag("endfor");
        return new Node.For(at, targets, iterable, filter, body, otherwise);
    }

    private Node set(int at) {
        List<String> names = new ArrayList<>();
        String first = in.expectName("a variable name after 'set'");
        names.add(first);
        String attribute = null;
        if (in.skipOp(".")) {
            attribute = in.expectName("an attribute name");
        } else {
            while (in.skipOp(",")) {
                names.add(in.expectName("a variable name"));
            }
        }
        if (in.skipOp("=")) {
            return new Node.Set(at, names, attribute, expressions.expression());
        }
        if (names.size() != 1 || attribute != null) {
            throw in.error("a block 'set' assigns exactly one plain variable");
        }
        in.expect(Kind.BLOCK_CLOSE, "'=' or '%}' after 'set " + first + "'");
        List<Node> body = blockBody("set", at, Set.of("endset"));
        endTag("endset");
        return new Node.SetBlock(at, first, body);
    }

    private List<Node.Param> params() {
        List<Node.Param> params = new ArrayList<>();
        in.expectOp("(");
        while (!in.skipOp(")")) {
            String name = in.expectName("a parameter name");
            Expr dflt = in.skipOp("=") ? expressions.expression() : null;
            params.add(new Node.Param(name, dflt));
            if (!in.peek().isOp(")")) {
                in.expectOp(",");
            }
        }
        return params;
    }

    private Node macro(int at) {
        String name = in.expectName("a macro name");
        List<Node.Param> params = params();
        in.expect(Kind.BLOCK_CLOSE, "'%}'");
        int outerLoops = loopDepth;
        loopDepth = 0;
        List<Node> body = blockBody("macro", at, Set.of("endmacro"));
        loopDepth = outerLoops;
        endTag("endmacro");
        return new Node.Macro(at, name, params, body);
    }

    private Node callBlock(int at) {
        List<Node.Param> callerParams = in.peek().isOp("(") ? params() : List.of();
        Expr callee = expressions.expression();
        if (!(callee instanceof Expr.Call call)) {
            throw in.error("'call' needs a macro call such as 'call m(x)'", at);
        }
        in.expect(Kind.BLOCK_CLOSE, "'%}'");
        List<Node> body = blockBody("call", at, Set.of("endcall"));
        endTag("endcall");
        return new Node.CallBlock(at, call, callerParams, body);
    }

    private Node filterBlock(int at) {
        List<Expr.Filter> filters = new ArrayList<>();
        do {
            filters.add(expressions.filter(null));
        } while (in.skipOp("|"));
        in.expect(Kind.BLOCK_CLOSE, "'%}'");
        List<Node> body = blockBody("filter", at, Set.of("endfilter"));
        endTag("endfilter");
        return new Node.FilterBlock(at, filters, body);
    }

    private Node loopControl(String name, int at) {
        if (loopDepth == 0) {
            throw in.error("'" + name + "' outside of a for loop", at);
        }
        return name.equals("break") ? new Node.Break(at) : new Node.Continue(at);
    }

    /** Hugging Face's {@code {% generation %}} marks assistant text for training masks; rendering ignores it. */
    private Node generation() {
        int at = in.peek().at();
        in.expect(Kind.BLOCK_CLOSE, "'%}'");
        List<Node> body = blockBody("generation", at, Set.of("endgeneration"));
        endTag("endgeneration");
        return new Node.If(at, List.of(new Node.Branch(new Expr.Literal(at, true), body)), List.of());
    }
}
