package dev.gatehouse.inference.template;

/** Template text plus the mapping from character offsets to the line and column shown in errors. */
record Source(String text) {

    int line(int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    int column(int offset) {
        int start = text.lastIndexOf('\n', Math.min(offset, text.length()) - 1) + 1;
        return offset - start + 1;
    }

    TemplateSyntaxException syntaxError(String detail, int offset) {
        return new TemplateSyntaxException(detail, line(offset), column(offset));
    }
}
