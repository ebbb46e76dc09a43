package dev.gatehouse.router.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tool targets a policy declares (its {@code tools:} section): the built-in calculator and date calculator when
 * switched on, and the operator's HTTP tools. Without the section there are none, so a policy written before tools
 * existed routes exactly as it did.
 *
 * @param calculator whether {@code tool/calculator} may answer
 * @param datetime   whether {@code tool/datetime} may answer
 * @param http       operator-declared tools, {@code tool/<name>}, in the policy's order
 */
public record ToolSet(boolean calculator, boolean datetime, List<HttpTool> http) {

    public static final String PREFIX = "tool/";
    public static final ToolSet NONE = new ToolSet(false, false, List.of());

    public ToolSet {
        http = List.copyOf(http);
    }

    /** Whether {@code target} names a tool rather than a model ({@code tool/...}), declared or not. */
    public static boolean isTool(String target) {
        return target != null && target.startsWith(PREFIX);
    }

    /** Every declared tool target, e.g. {@code [tool/calculator, tool/datetime, tool/stock]}. */
    public List<String> targets() {
        List<String> out = new ArrayList<>();
        if (calculator) out.add(Calculator.NAME);
        if (datetime) out.add(DateCalculator.NAME);
        http.forEach(t -> out.add(t.target()));
        return out;
    }

    public boolean declares(String target) {
        return targets().contains(target);
    }

    public Optional<HttpTool> httpTool(String target) {
        return http.stream().filter(t -> t.target().equals(target)).findFirst();
    }
}
