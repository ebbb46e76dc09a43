package dev.gatehouse.inference.template;

/**
 * A chat template failed to compile or to render. Carries the 1-based line and column in the template source where
 * the problem was found, so a bad template shipped in a GGUF can be pointed at precisely.
 */
public abstract sealed class TemplateException extends RuntimeException
        permits TemplateSyntaxException, TemplateRenderException {

    private final String detail;
    private final int line;
    private final int column;

    TemplateException(String detail, int line, int column) {
        super(detail + " (template line " + line + ", column " + column + ")");
        this.detail = detail;
        this.line = line;
        this.column = column;
    }

    /** The problem without the position suffix. */
    public String detail() {
        return detail;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
