package dev.gatehouse.inference.template;

import dev.gatehouse.inference.template.Token.Kind;
import java.util.List;

/** Position in the token list, with the expect-or-fail helpers both parsers share. */
final class TokenCursor {

    private final List<Token> tokens;
    private final Source source;
    private int index;

    TokenCursor(List<Token> tokens, Source source) {
        this.tokens = tokens;
        this.source = source;
    }

    Token peek() {
        return tokens.get(index);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(index);
        if (t.kind() != Kind.EOF) {
            index++;
        }
        return t;
    }

    boolean skipOp(String op) {
        if (peek().isOp(op)) {
            index++;
            return true;
        }
        return false;
    }

    boolean skipName(String name) {
        if (peek().isName(name)) {
            index++;
            return true;
        }
        return false;
    }

    Token expectOp(String op) {
        if (!peek().isOp(op)) {
            throw error("expected '" + op + "' but found " + peek().describe());
        }
        return next();
    }

    String expectName(String what) {
        if (peek().kind() != Kind.NAME) {
            throw error("expected " + what + " but found " + peek().describe());
        }
        return next().text();
    }

    Token expect(Kind kind, String what) {
        if (peek().kind() != kind) {
            throw error("expected " + what + " but found " + peek().describe());
        }
        return next();
    }

    TemplateSyntaxException error(String detail) {
        return source.syntaxError(detail, peek().at());
    }

    TemplateSyntaxException error(String detail, int at) {
        return source.syntaxError(detail, at);
    }
}
