package dev.gatehouse.router.difficulty;

import dev.gatehouse.router.learning.KnnRouter;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --rule conservative|cheapest-expected}: a {@link KnnRouter.Rule} by its spelled-out name. */
public final class RuleOption implements ITypeConverter<KnnRouter.Rule> {
    public static String name(KnnRouter.Rule rule) {
        return rule.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public KnnRouter.Rule convert(String value) {
        for (KnnRouter.Rule r : KnnRouter.Rule.values()) if (name(r).equals(value)) return r;
        throw new TypeConversionException("expected one of " + Arrays.stream(KnnRouter.Rule.values()).map(RuleOption::name).toList()
                + ", was '" + value + "'");
    }
}
