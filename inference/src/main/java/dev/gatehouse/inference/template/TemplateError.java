package dev.gatehouse.inference.template;

/**
 * A failure raised deep inside a filter, method or operator, before its template position is known. The renderer
 * turns it into a {@link TemplateRenderException} at the innermost expression that was being evaluated.
 */
final class TemplateError extends RuntimeException {

    final boolean raisedByTemplate;

    TemplateError(String message) {
        this(message, false);
    }

    TemplateError(String message, boolean raisedByTemplate) {
        super(message, null, false, false);
        this.raisedByTemplate = raisedByTemplate;
    }
}
