package dev.gatehouse.inference.template;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Python's {@code str()} and {@code repr()}, which decide how any value prints into a prompt. */
final class PyText {

    private PyText() {
    }

    static String str(Object v) {
        return switch (v) {
            case null -> "None";
            case String s -> s;
            case Undefined u -> "";
            default -> repr(v);
        };
    }

    static String repr(Object v) {
        return switch (v) {
            case null -> "None";
            case Undefined u -> "";
            case Boolean b -> b ? "True" : "False";
            case Long l -> l.toString();
            case Double d -> floatRepr(d);
            case String s -> quote(s);
            case PyTuple t -> {
                StringBuilder out = new StringBuilder("(");
                for (int i = 0; i < t.size(); i++) {
                    out.append(i == 0 ? "" : ", ").append(repr(t.get(i)));
                }
                yield out.append(t.size() == 1 ? ",)" : ")").toString();
            }
            case List<?> l -> {
                StringBuilder out = new StringBuilder("[");
                for (int i = 0; i < l.size(); i++) {
                    out.append(i == 0 ? "" : ", ").append(repr(l.get(i)));
                }
                yield out.append(']').toString();
            }
            case Map<?, ?> m -> {
                StringBuilder out = new StringBuilder("{");
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    out.append(first ? "" : ", ").append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                    first = false;
                }
                yield out.append('}').toString();
            }
            default -> v.toString();
        };
    }

    private static String quote(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == q) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append(q).toString();
    }

    /**
     * Python's float repr: the shortest digits that round-trip (as Java's since JDK 19), written positionally for
     * exponents from -4 to 15 ({@code 0.0001}, {@code 1e+16}, {@code 1e-05}) and always with a fractional part.
     */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exp = String.format("%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
            return sign + mantissa + "e" + exp;
        }
        String plain = exact.abs().toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }
}
