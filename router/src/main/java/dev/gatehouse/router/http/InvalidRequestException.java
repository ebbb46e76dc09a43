package dev.gatehouse.router.http;

/**
 * A client mistake in the request itself: which field, which rule. Mapped to an OpenAI error body by
 * {@link ErrorMapping}; handlers throw it and never set statuses themselves.
 */
final class InvalidRequestException extends RuntimeException {

    private final int status;
    private final String param;
    private final String code;

    private InvalidRequestException(int status, String param, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.param = param;
        this.code = code;
    }

    /** {@code param: rule}, e.g. {@code messages[1].content: must be a string}. */
    static InvalidRequestException field(String param, String rule) {
        return new InvalidRequestException(400, param, null, param + ": " + rule);
    }

    static InvalidRequestException invalidJson(String detail) {
        return new InvalidRequestException(400, null, "invalid_json", "request body is not valid JSON: " + detail);
    }

    static InvalidRequestException bodyTooLarge(long limit) {
        return new InvalidRequestException(413, null, "request_too_large",
                "request body is larger than the limit of " + limit + " bytes");
    }

    static InvalidRequestException contextLengthExceeded(String param, String message) {
        return new InvalidRequestException(400, param, "context_length_exceeded", message);
    }

    int status() {
        return status;
    }

    String param() {
        return param;
    }

    String code() {
        return code;
    }
}
