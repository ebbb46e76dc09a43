package dev.gatehouse.inference.placement;

import java.util.List;
import java.util.Optional;

/** The planner's answer for a set of models: where each goes, and what does not fit and why. */
public record Plan(List<Placement> placed, List<Unplaced> unplaced) {
    public Plan {
        placed = List.copyOf(placed);
        unplaced = List.copyOf(unplaced);
    }

    public Optional<Placement> placement(String id) {
        return placed.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public Optional<Unplaced> refusal(String id) {
        return unplaced.stream().filter(u -> u.id().equals(id)).findFirst();
    }
}
