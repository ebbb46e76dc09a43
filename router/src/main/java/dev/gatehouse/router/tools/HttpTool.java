package dev.gatehouse.router.tools;

import dev.gatehouse.router.privacy.DataClass;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An operator's HTTP tool: a service inside the trust boundary that answers one kind of question exactly (stock
 * levels, an order's status). The policy declares which requests it answers with a regular expression over the
 * whole question whose named groups are the tool's inputs, the type of each input, and the most sensitive data class
 * it may receive. A request matches only when the expression matches all of its question and every input parses as
 * its type; then the inputs, never the prompt, are POSTed to {@code url} as a JSON object.
 *
 * @param name      the target is {@code tool/<name>}
 * @param url       where the inputs are POSTed (http or https)
 * @param match     regular expression the whole normalised question must match (lower-case, spaces collapsed,
 *                  final punctuation removed)
 * @param inputs    named group → type
 * @param dataClass the most sensitive class of request it may receive
 * @param timeout   deadline of one call
 */
public record HttpTool(String name, URI url, Pattern match, Map<String, InputType> inputs, DataClass dataClass,
                       Duration timeout) {

    public enum InputType { STRING, INTEGER, NUMBER }

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final Pattern GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    public HttpTool {
        inputs = Map.copyOf(inputs);
    }

    public String target() {
        return "tool/" + name;
    }

    /**
     * Checks one declaration; every violation is listed with its key under {@code path} (e.g.
     * {@code tools.http[0]}), so a bad policy fails at startup naming all of them.
     */
    public static Declared declare(String path, String name, String url, String match, Map<String, String> inputs,
                                   String dataClass, Long timeoutMillis) {
        List<String> violations = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            violations.add(path + ".name: must be 1-40 lower-case letters, digits, '-' or '_', was " + shown(name));
        }
        URI uri = null;
        try {
            uri = url == null ? null : URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            violations.add(path + ".url: must be an http or https URL, was " + shown(url));
        }
        Pattern pattern = null;
        try {
            pattern = match == null ? null : Pattern.compile(match);
        } catch (PatternSyntaxException e) {
            violations.add(path + ".match: not a regular expression (" + e.getDescription() + ")");
        }
        if (match == null) violations.add(path + ".match: required");
        Map<String, InputType> types = new LinkedHashMap<>();
        inputs.forEach((input, type) -> {
            Optional<InputType> t = java.util.Arrays.stream(InputType.values())
                    .filter(v -> v.name().toLowerCase(Locale.ROOT).equals(type)).findFirst();
            if (t.isEmpty()) {
                violations.add(path + ".input." + input + ": must be string, integer or number, was " + shown(type));
            } else {
                types.put(input, t.get());
            }
        });
        if (pattern != null) {
            List<String> groups = new ArrayList<>();
            Matcher g = GROUP.matcher(match);
            while (g.find()) groups.add(g.group(1));
            for (String input : inputs.keySet()) {
                if (!groups.contains(input)) {
                    violations.add(path + ".input." + input + ": the match expression has no group (?<" + input + ">...)");
                }
            }
            for (String group : groups) {
                if (!inputs.containsKey(group)) {
                    violations.add(path + ".match: group '" + group + "' has no type under input");
                }
            }
        }
        Optional<DataClass> cls = DataClass.fromWireName(dataClass);
        if (cls.isEmpty()) {
            violations.add(path + ".dataClass: must be public, internal, confidential or restricted, was "
                    + shown(dataClass));
        }
        long millis = timeoutMillis == null ? 5000 : timeoutMillis;
        if (millis < 1 || millis > 60_000) {
            violations.add(path + ".timeoutMs: must be in [1, 60000], was " + millis);
        }
        if (!violations.isEmpty()) return new Declared(null, violations);
        return new Declared(new HttpTool(name, uri, pattern, types, cls.get(), Duration.ofMillis(millis)), List.of());
    }

    /** A declaration: the tool, or the violations that keep it out. */
    public record Declared(HttpTool tool, List<String> violations) {
        public Declared {
            violations = List.copyOf(violations);
        }
    }

    /**
     * The inputs for {@code prompt} when this tool answers it: the expression matches the whole question and every
     * input parses as its type; empty otherwise.
     */
    public Optional<Map<String, Object>> inputsFor(String prompt) {
        if (prompt == null || prompt.length() > Calculator.MAX_PROMPT_CHARS) return Optional.empty();
        Matcher m = match.matcher(QuestionText.normalise(prompt, List.of()));
        if (!m.matches()) return Optional.empty();
        Map<String, Object> values = new LinkedHashMap<>();
        for (var input : inputs.entrySet()) {
            String text = m.group(input.getKey());
            if (text == null || text.isBlank()) return Optional.empty();
            Object value = parse(text.strip(), input.getValue());
            if (value == null) return Optional.empty();
            values.put(input.getKey(), value);
        }
        return Optional.of(values);
    }

    private static Object parse(String text, InputType type) {
        try {
            return switch (type) {
                case STRING -> text;
                case INTEGER -> Long.parseLong(text.replace(",", ""));
                case NUMBER -> new java.math.BigDecimal(text.replace(",", ""));
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String shown(String value) {
        if (value == null) return "nothing";
        return "'" + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + "'";
    }
}
