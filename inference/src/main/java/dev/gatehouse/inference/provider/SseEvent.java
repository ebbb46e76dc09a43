package dev.gatehouse.inference.provider;

/** One server-sent event: its {@code event:} name (null when absent) and its {@code data:} lines joined by newlines. */
record SseEvent(String name, String data) {

    /**
     * Reads the next event, or null at the end of the body. Comment lines ({@code :}) and other fields are skipped;
     * an event is dispatched at a blank line, or at the end of the body if it has data.
     */
    static SseEvent read(BodyQueue body, long deadlineNanos) throws java.io.IOException,
            java.util.concurrent.TimeoutException {
        String name = null;
        StringBuilder data = null;
        String line;
        while ((line = body.nextLine(deadlineNanos)) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new SseEvent(name, data.toString());
                }
                name = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                name = value;
            } else if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return data != null ? new SseEvent(name, data.toString()) : null;
    }
}
