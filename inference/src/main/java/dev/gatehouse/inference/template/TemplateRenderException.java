package dev.gatehouse.inference.template;

/** Rendering failed: a type error, an unknown filter, a call of something undefined, and so on. */
public sealed class TemplateRenderException extends TemplateException permits TemplateRaisedException {
    TemplateRenderException(String detail, int line, int column) {
        super(detail, line, column);
    }
}
