package dev.gatehouse.router.eval;

import dev.gatehouse.router.difficulty.LabelledPrompts;
import dev.gatehouse.router.difficulty.RoutingExample;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The deterministic train/test split when no separate training data is given: groups (MMLU subjects = file names,
 * RouterBench benchmarks = eval_name) sorted by name, alternately to training (1st, 3rd, …) and test (2nd, 4th, …),
 * so no group is on both sides and the test prompts come from topics the router never saw.
 */
record RoutingSplit(LabelledPrompts train, LabelledPrompts test, Set<String> testGroups) {

    static RoutingSplit byGroup(LabelledPrompts all) {
        List<String> groups = List.copyOf(new TreeSet<>(all.examples().stream().map(RoutingExample::group).toList()));
        if (groups.size() < 2) {
            throw new IllegalArgumentException("the data has one group (" + groups
                    + "), so it cannot be split by group; give separate training data with --train");
        }
        Set<String> test = new TreeSet<>();
        for (int i = 1; i < groups.size(); i += 2) test.add(groups.get(i));
        return new RoutingSplit(all.inGroups(test, false), all.inGroups(test, true), test);
    }

    String describe() {
        return "split by group: " + train.examples().size() + " training prompts, " + test.examples().size()
                + " test prompts from " + testGroups.size() + " groups never trained on (every 2nd group by name)";
    }
}
