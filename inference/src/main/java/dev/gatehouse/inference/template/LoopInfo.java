package dev.gatehouse.inference.template;

import java.util.List;

/** The {@code loop} variable inside a for loop. */
final class LoopInfo {

    private final List<Object> items;
    int index0;

    LoopInfo(List<Object> items) {
        this.items = items;
    }

    Object attribute(String name) {
        int length = items.size();
        return switch (name) {
            case "index" -> (long) index0 + 1;
            case "index0" -> (long) index0;
            case "revindex" -> (long) (length - index0);
            case "revindex0" -> (long) (length - index0 - 1);
            case "first" -> index0 == 0;
            case "last" -> index0 == length - 1;
            case "length" -> (long) length;
            case "depth" -> 1L;
            case "depth0" -> 0L;
            case "previtem" -> index0 > 0 ? items.get(index0 - 1) : new Undefined("previtem");
            case "nextitem" -> index0 + 1 < length ? items.get(index0 + 1) : new Undefined("nextitem");
            case "cycle" -> (Callable) args -> args.size() == 0 ? new Undefined("cycle")
                    : args.positional().get(index0 % args.size());
            case "changed" -> (Callable) args -> {
                throw new TemplateError("loop.changed is not supported");
            };
            default -> new Undefined("loop." + name);
        };
    }
}
