package dev.gatehouse.inference.placement;

import java.util.List;
import java.util.stream.Collectors;

/** A model the planner found no room for, with the figures that rule each device out. */
public record Unplaced(String id, List<Reason> reasons) {
    public Unplaced {
        reasons = List.copyOf(reasons);
    }

    public String why() {
        return reasons.stream().map(Reason::detail).collect(Collectors.joining("; "));
    }
}
