package dev.gatehouse.router.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/** Reads a request body as JSON, refusing bodies over the configured limit before parsing them. */
final class JsonBody {

    private JsonBody() {}

    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");
    private static final Pattern SETTING = Pattern.compile(",? from `[^`]*`");

    /**
     * Jackson's message without the parts that describe Jackson ({@code from `StreamReadConstraints...`},
     * {@code [Source: REDACTED (`StreamReadFeature...` disabled)...]}): the rule and the position stay.
     */
    static String withoutParserInternals(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        message = SOURCE.matcher(message).replaceAll("line $1, column $2");
        message = SETTING.matcher(message).replaceAll("");
        if (message.indexOf('`') >= 0) {
            var at = e.getLocation();
            return "the JSON parser refused it" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr());
        }
        return message;
    }

    static JsonNode read(ServerRequest req, long maxBytes) {
        if (req.headers().contentLength().orElse(0) > maxBytes) {
            throw InvalidRequestException.bodyTooLarge(maxBytes);
        }
        if (!req.content().hasEntity()) {
            throw InvalidRequestException.invalidJson("the body is empty");
        }
        byte[] bytes;
        try (InputStream in = req.content().inputStream()) {
            long declared = req.headers().contentLength().orElse(-1);
            if (declared >= 0) {
                // the length is known and within the limit: one array of that size, not 16 KB chunks and a copy
                bytes = new byte[(int) declared];
                int read = in.readNBytes(bytes, 0, bytes.length);
                if (read < bytes.length) bytes = java.util.Arrays.copyOf(bytes, read);
            } else {
                // one byte more than allowed tells a chunked body that is too large from one that fits exactly
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > maxBytes) {
            throw InvalidRequestException.bodyTooLarge(maxBytes);
        }
        try {
            JsonNode node = OpenAiJson.MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw InvalidRequestException.invalidJson("the body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.invalidJson(withoutParserInternals(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
