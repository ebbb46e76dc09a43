package dev.gatehouse.router.tools;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Units the calculator converts between, each with its exact factor to the base unit of its dimension (metre,
 * kilogram, litre, second; temperatures by their own formulas). The factors are the legal definitions (1 inch =
 * 0.0254 m, 1 lb = 0.45359237 kg, 1 US gallon = 3.785411784 L), so conversions are exact where the arithmetic is.
 */
enum Unit {
    MILLIMETRE(Dimension.LENGTH, "0.001", "mm", "millimeter", "millimeters", "millimetre", "millimetres"),
    CENTIMETRE(Dimension.LENGTH, "0.01", "cm", "centimeter", "centimeters", "centimetre", "centimetres"),
    METRE(Dimension.LENGTH, "1", "m", "meter", "meters", "metre", "metres"),
    KILOMETRE(Dimension.LENGTH, "1000", "km", "kilometer", "kilometers", "kilometre", "kilometres"),
    INCH(Dimension.LENGTH, "0.0254", "in", "inch", "inches"),
    FOOT(Dimension.LENGTH, "0.3048", "ft", "foot", "feet"),
    YARD(Dimension.LENGTH, "0.9144", "yd", "yard", "yards"),
    MILE(Dimension.LENGTH, "1609.344", "mi", "mile", "miles"),
    GRAM(Dimension.MASS, "0.001", "g", "gram", "grams"),
    KILOGRAM(Dimension.MASS, "1", "kg", "kilogram", "kilograms", "kilo", "kilos"),
    TONNE(Dimension.MASS, "1000", "t", "tonne", "tonnes", "metric ton", "metric tons"),
    OUNCE(Dimension.MASS, "0.028349523125", "oz", "ounce", "ounces"),
    POUND(Dimension.MASS, "0.45359237", "lb", "lbs", "pound", "pounds"),
    MILLILITRE(Dimension.VOLUME, "0.001", "ml", "milliliter", "milliliters", "millilitre", "millilitres"),
    LITRE(Dimension.VOLUME, "1", "l", "liter", "liters", "litre", "litres"),
    US_GALLON(Dimension.VOLUME, "3.785411784", "gal", "gallon", "gallons", "us gallon", "us gallons"),
    SECOND(Dimension.TIME, "1", "s", "sec", "secs", "second", "seconds"),
    MINUTE(Dimension.TIME, "60", "min", "mins", "minute", "minutes"),
    HOUR(Dimension.TIME, "3600", "h", "hr", "hrs", "hour", "hours"),
    DAY(Dimension.TIME, "86400", "day", "days"),
    WEEK(Dimension.TIME, "604800", "week", "weeks"),
    CELSIUS(Dimension.TEMPERATURE, null, "c", "°c", "celsius", "degrees celsius", "degree celsius"),
    FAHRENHEIT(Dimension.TEMPERATURE, null, "f", "°f", "fahrenheit", "degrees fahrenheit", "degree fahrenheit"),
    KELVIN(Dimension.TEMPERATURE, null, "k", "kelvin", "kelvins");

    enum Dimension { LENGTH, MASS, VOLUME, TIME, TEMPERATURE }

    private static final BigDecimal NINE_FIFTHS = new BigDecimal("1.8");
    private static final BigDecimal KELVIN_OFFSET = new BigDecimal("273.15");
    private static final BigDecimal THIRTY_TWO = new BigDecimal("32");

    final Dimension dimension;
    private final BigDecimal toBase;
    final List<String> names;

    Unit(Dimension dimension, String toBase, String... names) {
        this.dimension = dimension;
        this.toBase = toBase == null ? null : new BigDecimal(toBase);
        this.names = List.of(names);
    }

    static Optional<Unit> named(String name) {
        for (Unit unit : values()) {
            if (unit.names.contains(name)) return Optional.of(unit);
        }
        return Optional.empty();
    }

    /** {@code amount} of this unit in {@code target}, which must have the same dimension. */
    BigDecimal convert(BigDecimal amount, Unit target) {
        if (dimension != target.dimension) throw new IllegalArgumentException(this + " and " + target + " differ");
        if (dimension == Dimension.TEMPERATURE) return target.fromCelsius(toCelsius(amount));
        return amount.multiply(toBase).divide(target.toBase, ArithmeticExpression.PRECISION);
    }

    private BigDecimal toCelsius(BigDecimal t) {
        return switch (this) {
            case CELSIUS -> t;
            case FAHRENHEIT -> t.subtract(THIRTY_TWO).divide(NINE_FIFTHS, ArithmeticExpression.PRECISION);
            case KELVIN -> t.subtract(KELVIN_OFFSET);
            default -> throw new IllegalStateException(this + " is not a temperature");
        };
    }

    private BigDecimal fromCelsius(BigDecimal c) {
        return switch (this) {
            case CELSIUS -> c;
            case FAHRENHEIT -> c.multiply(NINE_FIFTHS).add(THIRTY_TWO);
            case KELVIN -> c.add(KELVIN_OFFSET);
            default -> throw new IllegalStateException(this + " is not a temperature");
        };
    }

    /** How the answer names the unit: its longest plain name. */
    String displayName() {
        return names.stream().filter(n -> !n.startsWith("°")).reduce((a, b) -> b.length() > a.length() ? b : a)
                .orElse(names.getFirst());
    }
}
