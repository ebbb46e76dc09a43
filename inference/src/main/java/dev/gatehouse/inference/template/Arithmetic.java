package dev.gatehouse.inference.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's arithmetic on template values. One leniency on purpose: {@code +} with a string on one side stringifies
 * the other (Python would raise), because templates often glue numbers or none into prompts and a serving path
 * should render rather than fail; undefined joins as the empty string, as {@code ~} does.
 */
final class Arithmetic {

    private Arithmetic() {
    }

    static Object binary(String op, Object a, Object b) {
        if (op.equals("~")) {
            return PyText.str(a) + PyText.str(b);
        }
        if (op.equals("+")) {
            if (a instanceof String || b instanceof String) {
                return PyText.str(a) + PyText.str(b);
            }
            if (a instanceof List<?> x && b instanceof List<?> y) {
                List<Object> joined = new ArrayList<>(x);
                joined.addAll(y);
                return joined;
            }
        }
        if (op.equals("*")) {
            if (a instanceof String s && b instanceof Long n) {
                return s.repeat((int) Math.max(0, n));
            }
            if (a instanceof Long n && b instanceof String s) {
                return s.repeat((int) Math.max(0, n));
            }
        }
        if (op.equals("%") && a instanceof String s) {
            return percentFormat(s, b);
        }
        if (!PyValue.isNumber(a) || !PyValue.isNumber(b)) {
            throw new TemplateError("unsupported operand types for " + op + ": " + PyValue.typeName(a) + " and "
                    + PyValue.typeName(b));
        }
        boolean integers = !(a instanceof Double) && !(b instanceof Double);
        if (integers) {
            return integerOp(op, PyValue.asLong(a), PyValue.asLong(b));
        }
        double x = PyValue.asDouble(a);
        double y = PyValue.asDouble(b);
        return switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> divide(x, y);
            case "//" -> Math.floor(divide(x, y));
            case "%" -> {
                if (y == 0) {
                    throw new TemplateError("modulo by zero");
                }
                yield x - y * Math.floor(x / y);
            }
            case "**" -> Math.pow(x, y);
            default -> throw new TemplateError("unknown operator " + op);
        };
    }

    private static Object integerOp(String op, long x, long y) {
        return switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> divide(x, y);
            case "//" -> {
                if (y == 0) {
                    throw new TemplateError("integer division by zero");
                }
                yield Math.floorDiv(x, y);
            }
            case "%" -> {
                if (y == 0) {
                    throw new TemplateError("modulo by zero");
                }
                yield Math.floorMod(x, y);
            }
            case "**" -> y >= 0 ? (Object) (long) Math.pow(x, y) : (Object) Math.pow(x, y);
            default -> throw new TemplateError("unknown operator " + op);
        };
    }

    private static double divide(double x, double y) {
        if (y == 0) {
            throw new TemplateError("division by zero");
        }
        return x / y;
    }

    static Object negate(Object v) {
        return switch (v) {
            case Long l -> -l;
            case Double d -> -d;
            case Boolean b -> b ? -1L : 0L;
            case null -> throw new TemplateError("bad operand type for unary -: none");
            default -> throw new TemplateError("bad operand type for unary -: " + PyValue.typeName(v));
        };
    }

    /** {@code "%s and %d" % (a, b)}: only %s, %d, %r and %% are supported. */
    private static String percentFormat(String format, Object values) {
        List<Object> args = values instanceof List<?> l ? new ArrayList<>(l) : List.of(values);
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                out.append(c);
                continue;
            }
            char spec = format.charAt(++i);
            if (spec == '%') {
                out.append('%');
                continue;
            }
            if (next >= args.size()) {
                throw new TemplateError("not enough arguments for format string");
            }
            Object arg = args.get(next++);
            out.append(switch (spec) {
                case 's' -> PyText.str(arg);
                case 'r' -> PyText.repr(arg);
                case 'd', 'i' -> Long.toString(PyValue.asLong(arg));
                default -> throw new TemplateError("unsupported format character '" + spec + "'");
            });
        }
        return out.toString();
    }
}
