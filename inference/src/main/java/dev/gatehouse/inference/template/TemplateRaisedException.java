package dev.gatehouse.inference.template;

/**
 * The template itself refused the input with {@code raise_exception(message)}, e.g. "roles must alternate". The
 * {@link #detail()} is the template's own message, which is usually worth showing to the API client as a bad request.
 */
public final class TemplateRaisedException extends TemplateRenderException {
    TemplateRaisedException(String detail, int line, int column) {
        super(detail, line, column);
    }
}
