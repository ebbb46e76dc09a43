package dev.gatehouse.inference.template;

/** The template source is not valid for this Jinja subset; thrown by {@link ChatTemplate#compile}. */
public final class TemplateSyntaxException extends TemplateException {
    TemplateSyntaxException(String detail, int line, int column) {
        super(detail, line, column);
    }
}
